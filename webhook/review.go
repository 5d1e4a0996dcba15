package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"sync"

	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"

	"github.com/podpatterns/podpatterns/jsonenc"
)

// MaxBodyBytes caps an AdmissionReview body. The API server's own request limit is 3 MiB
// of object plus review overhead; 7 MiB leaves room and bounds the memory one request
// can pin (controller-runtime uses the same cap).
const MaxBodyBytes = 7 << 20

// reviewError is a request the server cannot answer as an admission decision. code is the
// HTTP status and the response's result code.
type reviewError struct {
	code int
	err  error
}

func (e *reviewError) Error() string { return e.err.Error() }

func badRequest(code int, format string, args ...any) *reviewError {
	return &reviewError{code: code, err: fmt.Errorf(format, args...)}
}

var bodyPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// getBody is a buffer for one request's body, from the pool. The body stays in it for
// the whole request: the review's raw objects, the pod view's strings and the decoded
// pod's are views of it (no copy per request). ServeHTTP puts it back with putBody as
// its very last step; whatever outlives the request copies what it keeps from the body
// where it leaves (the review's uid, namespace and user are copied when scanned,
// skipevents.Target, Handlers.templates; TestNothingKeepsTheBody).
func getBody() *bytes.Buffer { return bodyPool.Get().(*bytes.Buffer) }

// readReview reads, bounds and decodes the body into buf and an AdmissionReview v1, and
// request.object's pod view into ov when ov wants it (nil: never). review's raw objects
// are views of buf. Every failure is a *reviewError with the HTTP status to answer with.
func readReview(r *http.Request, buf *bytes.Buffer, review *admissionv1.AdmissionReview, ov *objectView) *reviewError {
	if r.Method != http.MethodPost {
		return badRequest(http.StatusMethodNotAllowed, "method %s not allowed: admission reviews are POSTed", r.Method)
	}
	if ct, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || ct != "application/json" {
		return badRequest(http.StatusUnsupportedMediaType, "content type %q not supported: expected application/json", r.Header.Get("Content-Type"))
	}
	if _, err := buf.ReadFrom(http.MaxBytesReader(nil, r.Body, MaxBodyBytes)); err != nil {
		if _, tooBig := errors.AsType[*http.MaxBytesError](err); tooBig {
			drainRefusedBody(r) // so the client reads the 413, not a reset
			return badRequest(http.StatusRequestEntityTooLarge, "request body larger than %d bytes", MaxBodyBytes)
		}
		return badRequest(http.StatusBadRequest, "reading request body: %v", err)
	}
	if buf.Len() == 0 {
		return badRequest(http.StatusBadRequest, "request body is empty: expected an AdmissionReview")
	}
	body := buf.Bytes()
	if rerr := checkQuantities(body); rerr != nil {
		return rerr
	}
	if ov != nil && (ov.want == nil || !ov.want(body)) {
		ov = nil
	}
	if !scanReview(body, true, review, ov) { // one pass without reflection; anything unusual: encoding/json
		*review = admissionv1.AdmissionReview{}
		if ov != nil {
			ov.view, ov.read = podView{}, false
		}
		if err := json.Unmarshal(body, review); err != nil {
			return badRequest(http.StatusBadRequest, "cannot decode AdmissionReview: %v", err)
		}
	}
	if review.APIVersion != admissionv1.SchemeGroupVersion.String() || review.Kind != "AdmissionReview" {
		return badRequest(http.StatusBadRequest, "unsupported %s %s: only admission.k8s.io/v1 AdmissionReview is served (set admissionReviewVersions: [v1])", review.APIVersion, review.Kind)
	}
	if review.Request == nil {
		return badRequest(http.StatusBadRequest, "AdmissionReview has no request")
	}
	return nil
}

// notAPodMessage refuses a request of resource pods whose kind says it is something
// else: only a direct caller sends one, and nothing of it is a pod to patch or judge.
const notAPodMessage = "%s is %s %s, not a v1 Pod, in a request for pods: refused"

// podDecoder decodes request.object: the whole pod (decodePod) or the fields a decision
// reads (decodePodView).
type podDecoder func(raw []byte) (*corev1.Pod, error)

var podResource = struct{ group, version, resource string }{"", "v1", "pods"}

// resizeSubresource is the pods subresource through which requests and limits change
// in place (Kubernetes ≥ 1.33): an UPDATE whose object is the whole pod with its new
// resources.
const resizeSubresource = "resize"

// decides says which pod requests an endpoint judges.
type decides func(req *admissionv1.AdmissionRequest) bool

// podCreate: a CREATE of pods (the mutating webhook: a pod is only ever mutated once).
func podCreate(req *admissionv1.AdmissionRequest) bool {
	return req.SubResource == "" && req.Operation == admissionv1.Create
}

// podCreateOrResize: a CREATE of pods, or an UPDATE of pods/resize (the validating
// webhook: a resize must not take a pod past its profile).
func podCreateOrResize(req *admissionv1.AdmissionRequest) bool {
	return podCreate(req) || (req.SubResource == resizeSubresource && req.Operation == admissionv1.Update)
}

// podToAdmit returns the pod of a request the endpoint decides (which), or nil (with
// the reason) when the request is one podpatterns leaves alone: another resource,
// another subresource or operation. Those are admitted unchanged, so a too-wide webhook
// rule never blocks them.
func podToAdmit(req *admissionv1.AdmissionRequest, which decides, decode podDecoder) (*corev1.Pod, string, *reviewError) {
	notPods := req.Resource.Group != podResource.group || req.Resource.Resource != podResource.resource
	switch {
	case notPods || (req.SubResource != "" && !which(req)):
		return nil, fmt.Sprintf("podpatterns only handles pods; %s/%s %s admitted unchanged", req.Resource.Group, req.Resource.Resource, req.SubResource), nil
	case !which(req):
		return nil, fmt.Sprintf("podpatterns only acts on CREATE; %s admitted unchanged", req.Operation), nil
	}
	raw := bytes.TrimSpace(req.Object.Raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, "", badRequest(http.StatusBadRequest, "request.object is empty for a %s of pods", req.Operation)
	}
	if k := req.Kind; k.Kind != "" && (k.Group != "" || k.Kind != "Pod") {
		return nil, "", badRequest(http.StatusBadRequest, notAPodMessage, "request.kind", schema.GroupVersion{Group: k.Group, Version: k.Version}, k.Kind)
	}
	pod, err := decode(raw)
	if err != nil {
		return nil, "", badRequest(http.StatusBadRequest, "cannot decode request.object as a Pod: %v", err)
	}
	if (pod.Kind != "" && pod.Kind != "Pod") || (pod.APIVersion != "" && pod.APIVersion != "v1") {
		return nil, "", badRequest(http.StatusBadRequest, notAPodMessage, "request.object", pod.APIVersion, pod.Kind)
	}
	if pod.Namespace == "" { // not yet set by the API server for some creates
		pod.Namespace = req.Namespace
	}
	return pod, "", nil
}

// writeReview writes resp wrapped in an AdmissionReview v1 with the given HTTP status.
// The response is encoded without reflection (jsonenc, byte for byte json.Marshal's
// output); a shape it does not know goes through json.Marshal.
func writeReview(w http.ResponseWriter, status int, resp *admissionv1.AdmissionResponse) {
	pooled := responsePool.Get().(*[]byte)
	body, ok := jsonenc.AppendReview((*pooled)[:0], resp)
	if !ok {
		var err error
		if body, err = marshalReview(resp); err != nil { // cannot happen for these types
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
	if ok && cap(body) <= 1<<20 { // keep the grown storage for the next response
		*pooled = body[:0]
		responsePool.Put(pooled)
	}
}

var responsePool = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// marshalReview is the straightforward encoding of resp in an AdmissionReview v1.
func marshalReview(resp *admissionv1.AdmissionResponse) ([]byte, error) {
	out := admissionv1.AdmissionReview{Response: resp}
	out.APIVersion, out.Kind = admissionv1.SchemeGroupVersion.String(), "AdmissionReview"
	return json.Marshal(&out)
}

// putBody returns buf to the pool unless it grew huge (rare giant pods must not stay
// pinned in memory).
func putBody(buf *bytes.Buffer) {
	if poisonBodies {
		b := buf.Bytes()
		for i := range b {
			b[i] = '#'
		}
	}
	if buf.Cap() <= 1<<20 {
		buf.Reset()
		bodyPool.Put(buf)
	}
}

// poisonBodies makes putBody write '#' over every body it takes back: the package's
// tests set it (TestMain), so anything that keeps a view of a body past its request
// reads '#' in every test instead of, rarely, another request's bytes.
var poisonBodies bool

// uidOf returns the request UID of a (possibly partially) decoded review.
func uidOf(review *admissionv1.AdmissionReview) types.UID {
	if review.Request == nil {
		return ""
	}
	return review.Request.UID
}
