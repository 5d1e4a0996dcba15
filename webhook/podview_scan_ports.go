package webhook

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/jsonscan"
)

// scanPorts reads a container's ports as encoding/json does (a new slice); a null
// port or member, a repeated or case-folded member, a number that is not an int32
// leave the view to encoding/json.
func scanPorts(s *jsonscan.Scanner, dst *[]corev1.ContainerPort) bool {
	list := []corev1.ContainerPort{}
	ok := s.Array(func() bool {
		list = append(list, corev1.ContainerPort{})
		return !s.IsNull() && scanPort(s, &list[len(list)-1])
	})
	*dst = list
	return ok
}

func scanPort(s *jsonscan.Scanner, p *corev1.ContainerPort) bool {
	var seen members
	return s.Object(func(key []byte, _ bool) bool {
		switch string(key) {
		case "name":
			return seen.first(0, s) && scanText(s, &p.Name)
		case "hostPort":
			return seen.first(1, s) && scanInt32(s, &p.HostPort)
		case "containerPort":
			return seen.first(2, s) && scanInt32(s, &p.ContainerPort)
		case "protocol":
			return seen.first(3, s) && scanText(s, (*string)(&p.Protocol))
		case "hostIP":
			return seen.first(4, s) && scanText(s, &p.HostIP)
		}
		return skipUnless(s, key, "name", "hostPort", "containerPort", "protocol", "hostIP")
	})
}

func scanInt32(s *jsonscan.Scanner, dst *int32) bool {
	n, ok := s.Int32()
	*dst = n
	return ok
}
