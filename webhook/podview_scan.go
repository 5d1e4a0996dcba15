package webhook

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/jsonscan"
)

// scanPodView fills v from raw as json.Unmarshal would, in one pass without reflection.
// ok is false for anything it does not read exactly as encoding/json does (a null or a
// repeated member among the view's fields, a key that matches one only by case, resource
// claims, invalid JSON): decodePodView then uses encoding/json.
func scanPodView(raw []byte, v *podView) bool {
	var s jsonscan.Scanner
	s.Reset(raw)
	return scanPodViewValue(&s, v) && s.End()
}

// scanPodViewValue reads the pod object at the scanner into v (readReview reads it so,
// inside the review, in the same pass as the envelope).
func scanPodViewValue(s *jsonscan.Scanner, v *podView) bool {
	var seen members
	return s.Object(func(key []byte, _ bool) bool {
		switch string(key) {
		case "metadata":
			return seen.first(0, s) && scanMetadata(s, v)
		case "spec":
			return seen.first(1, s) && scanSpec(s, v)
		case "kind":
			return seen.first(4, s) && scanText(s, &v.Kind)
		case "apiVersion":
			return seen.first(5, s) && scanText(s, &v.APIVersion)
		case "status":
			return seen.first(2, s) && s.Object(func(key []byte, _ bool) bool {
				if string(key) == "qosClass" {
					return seen.first(3, s) && scanText(s, (*string)(&v.Status.QOSClass))
				}
				return skipUnless(s, key, "qosClass")
			})
		}
		return skipUnless(s, key, "metadata", "spec", "status", "kind", "apiVersion")
	})
}

// members records which of a view's members were read: encoding/json merges a
// repeated one into the first, which the scanner leaves to it.
type members uint64

func (m *members) first(i uint, s *jsonscan.Scanner) bool {
	if *m&(1<<i) != 0 || s.IsNull() {
		return s.Fail()
	}
	*m |= 1 << i
	return true
}

// skipUnless skips a member that is none of names, and fails on one encoding/json would
// match to a name by case.
func skipUnless(s *jsonscan.Scanner, key []byte, names ...string) bool {
	if jsonscan.FoldsTo(key, names...) {
		return s.Fail()
	}
	return s.Skip() != nil
}

func scanString(s *jsonscan.Scanner, dst *string) bool {
	text, _, ok := s.String()
	if ok {
		*dst = intern(text)
	}
	return ok
}

// scanStringMap reads labels or annotations (a new map, as encoding/json makes one).
func scanStringMap(s *jsonscan.Scanner, dst *map[string]string) bool {
	m := map[string]string{}
	*dst = m
	return s.Object(func(key []byte, _ bool) bool {
		if s.IsNull() {
			return s.Fail()
		}
		text, _, ok := s.String()
		n := len(m)
		m[viewKey(s, key)] = viewText(s, text)
		return ok && len(m) > n || s.Fail() // a repeated key: encoding/json's to merge
	})
}

// scanResourceList reads quantities by name as encoding/json does (viewQuantity).
func scanResourceList(s *jsonscan.Scanner, dst *corev1.ResourceList) bool {
	list := corev1.ResourceList{}
	*dst = list
	return s.Object(func(key []byte, _ bool) bool {
		raw := s.Skip()
		q, ok := viewQuantity(s, raw)
		n := len(list)
		list[corev1.ResourceName(viewKey(s, key))] = q
		return raw != nil && ok && len(list) > n || s.Fail() // a repeated name: encoding/json's to merge
	})
}
