package webhook

import (
	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/podpatterns/podpatterns/jsonscan"
)

// scanReview decodes body into review as json.Unmarshal would, in one pass without
// reflection: every field of the envelope and the request (the objects kept as raw
// bytes). ok is false for anything it does not read exactly as encoding/json does (a
// response, a null other than an empty object, a repeated or case-folded member,
// invalid JSON): readReview then uses encoding/json.
//
// With ov, request.object is also read into ov's pod view in the same pass (ov.read);
// the review is read the same either way. shared says body is not written while
// the request lasts (readReview: the request's body buffer): the raw objects and the
// view's strings are then slices of it (jsonscan.Scanner.ResetShared).
func scanReview(body []byte, shared bool, review *admissionv1.AdmissionReview, ov *objectView) bool {
	var s jsonscan.Scanner
	if shared {
		s.ResetShared(body)
	} else {
		s.Reset(body)
	}
	var seen members
	ok := s.Object(func(key []byte, _ bool) bool {
		switch string(key) {
		case "kind":
			return seen.first(0, &s) && scanString(&s, &review.Kind)
		case "apiVersion":
			return seen.first(1, &s) && scanString(&s, &review.APIVersion)
		case "request":
			review.Request = &admissionv1.AdmissionRequest{}
			return seen.first(2, &s) && scanRequest(&s, review.Request, ov)
		}
		return skipUnless(&s, key, "kind", "apiVersion", "request", "response")
	})
	return ok && s.End()
}

func scanRequest(s *jsonscan.Scanner, r *admissionv1.AdmissionRequest, ov *objectView) bool {
	var seen members
	return s.Object(func(key []byte, _ bool) bool {
		switch string(key) {
		case "uid":
			return seen.first(0, s) && scanString(s, (*string)(&r.UID))
		case "kind":
			return seen.first(1, s) && scanGVK(s, &r.Kind)
		case "resource":
			return seen.first(2, s) && scanGVR(s, &r.Resource)
		case "subResource":
			return seen.first(3, s) && scanString(s, &r.SubResource)
		case "requestKind":
			r.RequestKind = &metav1.GroupVersionKind{}
			return seen.first(4, s) && scanGVK(s, r.RequestKind)
		case "requestResource":
			r.RequestResource = &metav1.GroupVersionResource{}
			return seen.first(5, s) && scanGVR(s, r.RequestResource)
		case "requestSubResource":
			return seen.first(6, s) && scanString(s, &r.RequestSubResource)
		case "name":
			return seen.first(7, s) && scanString(s, &r.Name)
		case "namespace":
			return seen.first(8, s) && scanString(s, &r.Namespace)
		case "operation":
			return seen.first(9, s) && scanString(s, (*string)(&r.Operation))
		case "userInfo":
			return seen.first(10, s) && scanUserInfo(s, &r.UserInfo)
		case "object":
			if ov != nil {
				return scanObjectView(s, &seen, 11, &r.Object, ov)
			}
			return scanRaw(s, &seen, 11, &r.Object)
		case "oldObject":
			return scanRaw(s, &seen, 12, &r.OldObject)
		case "dryRun":
			if !seen.first(13, s) {
				return false
			}
			b, ok := s.Bool()
			r.DryRun = &b
			return ok
		case "options":
			return scanRaw(s, &seen, 14, &r.Options)
		}
		return skipUnless(s, key, "uid", "kind", "resource", "subResource", "requestKind", "requestResource",
			"requestSubResource", "name", "namespace", "operation", "userInfo", "object", "oldObject", "dryRun", "options")
	})
}

// scanRaw reads an embedded object as RawExtension.UnmarshalJSON does: a copy of its
// bytes, nothing for null.
func scanRaw(s *jsonscan.Scanner, seen *members, i uint, dst *runtime.RawExtension) bool {
	if *seen&(1<<i) != 0 {
		return s.Fail()
	}
	*seen |= 1 << i
	return keepRaw(s, s.Skip(), dst)
}

// keepRaw stores a raw value read by s (nil: it failed) as RawExtension's
// UnmarshalJSON does: its bytes (a copy unless s scans shared data, then the bytes
// themselves, capped so that an append cannot write past them), nothing for null.
func keepRaw(s *jsonscan.Scanner, raw []byte, dst *runtime.RawExtension) bool {
	switch {
	case raw == nil:
		return false
	case string(raw) == "null":
	case s.Shared():
		dst.Raw = raw[:len(raw):len(raw)]
	default:
		dst.Raw = append([]byte(nil), raw...)
	}
	return true
}
