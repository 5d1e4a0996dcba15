package validators

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/podpatterns/podpatterns/podresources"
)

// gen turns fuzz bytes into pods: each choice takes the next byte (0 once they run out).
type gen struct {
	data []byte
	i    int
}

func (g *gen) next() int {
	if g.i >= len(g.data) {
		return 0
	}
	g.i++
	return int(g.data[g.i-1])
}

var (
	genNames      = []string{"app", "inj", "side", "init", "inj"}
	genResources  = []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory, "hugepages-2Mi", "example.com/gpu"}
	genQuantities = []string{"0", "100m", "250m", "500m", "1", "1500m", "2", "3", "64Mi", "128Mi", "256Mi",
		"512Mi", "1Gi", "2Gi", "2Mi", "1e3", "0.5", "1Ki", "10e2147483646", "4096Mi"}
	restartAlways = corev1.ContainerRestartPolicyAlways
)

// question is a pod, a container and its place.
func (g *gen) question() podresources.With {
	pod := &corev1.Pod{}
	for range g.next() % 4 {
		pod.Spec.Containers = append(pod.Spec.Containers, g.container())
	}
	for range g.next() % 4 {
		c := g.container()
		if g.next()%2 == 0 {
			c.RestartPolicy = &restartAlways
		}
		pod.Spec.InitContainers = append(pod.Spec.InitContainers, c)
	}
	switch g.next() % 8 {
	case 0, 1:
		r := g.requirements()
		pod.Spec.Resources = &r
	case 2:
		pod.Spec.Resources = &corev1.ResourceRequirements{}
	case 3:
		pod.Spec.Overhead = g.list()
	}
	extra := g.container()
	w := podresources.With{Pod: pod, Extra: &extra, Init: g.next()%2 == 0}
	if w.Init && g.next()%2 == 0 {
		extra.RestartPolicy = &restartAlways
	}
	w.At = g.next() % (len(w.Without().Pod.Spec.Containers) + len(pod.Spec.InitContainers) + 1)
	if n := w.Without().Len(w.Init); w.At > n {
		w.At = n
	}
	return w
}

func (g *gen) container() corev1.Container {
	return corev1.Container{Name: genNames[g.next()%len(genNames)], Resources: g.requirements()}
}

func (g *gen) requirements() corev1.ResourceRequirements {
	return corev1.ResourceRequirements{Requests: g.list(), Limits: g.list()}
}

// list sets each resource or not; most values are ordinary, a few out of range.
func (g *gen) list() corev1.ResourceList {
	b := g.next()
	if b%4 == 0 {
		return nil
	}
	out := corev1.ResourceList{}
	for i, name := range genResources {
		if b&(1<<(i+2)) != 0 {
			out[name] = resource.MustParse(genQuantities[g.next()%len(genQuantities)])
		}
	}
	return out
}
