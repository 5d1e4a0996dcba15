package webhook

import (
	authenticationv1 "k8s.io/api/authentication/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/jsonscan"
)

func scanGVK(s *jsonscan.Scanner, gvk *metav1.GroupVersionKind) bool {
	var seen members
	return s.Object(func(key []byte, _ bool) bool {
		switch string(key) {
		case "group":
			return seen.first(0, s) && scanString(s, &gvk.Group)
		case "version":
			return seen.first(1, s) && scanString(s, &gvk.Version)
		case "kind":
			return seen.first(2, s) && scanString(s, &gvk.Kind)
		}
		return skipUnless(s, key, "group", "version", "kind")
	})
}

func scanGVR(s *jsonscan.Scanner, gvr *metav1.GroupVersionResource) bool {
	var seen members
	return s.Object(func(key []byte, _ bool) bool {
		switch string(key) {
		case "group":
			return seen.first(0, s) && scanString(s, &gvr.Group)
		case "version":
			return seen.first(1, s) && scanString(s, &gvr.Version)
		case "resource":
			return seen.first(2, s) && scanString(s, &gvr.Resource)
		}
		return skipUnless(s, key, "group", "version", "resource")
	})
}

func scanUserInfo(s *jsonscan.Scanner, u *authenticationv1.UserInfo) bool {
	var seen members
	return s.Object(func(key []byte, _ bool) bool {
		switch string(key) {
		case "username":
			return seen.first(0, s) && scanString(s, &u.Username)
		case "uid":
			return seen.first(1, s) && scanString(s, &u.UID)
		case "groups":
			return seen.first(2, s) && scanStrings(s, &u.Groups)
		case "extra":
			if !seen.first(3, s) {
				return false
			}
			u.Extra = map[string]authenticationv1.ExtraValue{}
			return s.Object(func(key []byte, _ bool) bool {
				if _, dup := u.Extra[string(key)]; dup || s.IsNull() {
					return s.Fail()
				}
				var values []string
				ok := scanStrings(s, &values)
				u.Extra[string(key)] = values
				return ok
			})
		}
		return skipUnless(s, key, "username", "uid", "groups", "extra")
	})
}

// scanStrings reads an array of strings (a new slice, as encoding/json makes one): on
// the stack while reading, then one slice of the right size.
func scanStrings(s *jsonscan.Scanner, dst *[]string) bool {
	var room [8]string
	list := room[:0]
	ok := s.Array(func() bool {
		if s.IsNull() {
			return s.Fail()
		}
		var v string
		ok := scanString(s, &v)
		list = append(list, v)
		return ok
	})
	*dst = append(make([]string, 0, len(list)), list...)
	return ok
}
