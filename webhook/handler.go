package webhook

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/go-logr/logr"
	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/decisionlog"
	"github.com/podpatterns/podpatterns/mutators"
)

// Handlers serves /mutate and /validate from the current Pipeline. The pipeline is swapped
// atomically on config reload; a request uses the one it loaded at its start, start to end.
type Handlers struct {
	pipeline   atomic.Pointer[admission.Pipeline]
	namespaces NamespaceLister
	metrics    *Metrics
	log        logr.Logger
	decisions  *decisionlog.Logger // one line per decision; nil: none
	skips      SkipRecorder        // events for skipped injections; nil: none
	templates  labelValues         // the template label values of metrics.Injections
	// straight turns the fast paths off: every request decodes the whole pod and runs
	// the chain (the differential tests compare the two).
	straight bool
}

// NewHandlers returns handlers serving p, reading namespaces from ns.
func NewHandlers(p *admission.Pipeline, ns NamespaceLister, m *Metrics, log logr.Logger) *Handlers {
	h := &Handlers{namespaces: ns, metrics: m, log: log}
	h.SetPipeline(p)
	return h
}

// SetPipeline makes p serve every request that starts from now on.
func (h *Handlers) SetPipeline(p *admission.Pipeline) {
	h.pipeline.Store(p)
	h.metrics.ConfigInfo.Set(p.Revision())
}

// Pipeline returns the pipeline currently serving.
func (h *Handlers) Pipeline() *admission.Pipeline { return h.pipeline.Load() }

// Mutate is the /mutate endpoint.
func (h *Handlers) Mutate() http.Handler {
	return &endpoint{name: WebhookMutate, h: h, admit: h.mutate, view: h.viewUnlessSelecting}
}

// Validate is the /validate endpoint.
func (h *Handlers) Validate() http.Handler {
	return &endpoint{name: WebhookValidate, h: h, admit: h.validate, view: h.viewAlways}
}

// outcome is an admission decision: the response, the HTTP status to send it with (200
// for every decision; 4xx/5xx when the request could not be decided, so the API server
// applies the webhook's failurePolicy), and the result label for metrics.
type outcome struct {
	resp   *admissionv1.AdmissionResponse
	status int
	result string
	// detail is what the decision log adds for a decided pod (nil otherwise).
	detail *detail
}

// endpoint is what both webhooks share: body handling, panic recovery, metrics.
type endpoint struct {
	name  string
	h     *Handlers
	admit func(ctx context.Context, req *admissionv1.AdmissionRequest, ov *objectView) outcome
	// view says, from the body, whether admit reads request.object's pod view: then it
	// is read in the same pass as the review (nil: never).
	view func(body []byte) bool
}

func (e *endpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	var review admissionv1.AdmissionReview
	ov := &objectView{want: e.view}
	result := ResultError
	out := outcome{}
	inFlight := e.h.metrics.InFlight.WithLabelValues(e.name)
	inFlight.Inc()
	body := getBody()
	defer putBody(body) // runs last: the decision log below still reads views of the body
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			e.h.metrics.Panics.Inc()
			e.h.log.Error(errors.New("panic"), "recovered from a panic while handling an admission request",
				"webhook", e.name, "uid", uidOf(&review), "panic", p, "stack", string(debug.Stack()))
			writeReview(w, http.StatusInternalServerError, Errored(uidOf(&review), http.StatusInternalServerError,
				errors.New("podpatterns: internal error while handling the request (recovered panic; see the server log)")))
			result = ResultError
		}
		latency := time.Since(start)
		inFlight.Dec()
		e.h.metrics.Requests.WithLabelValues(e.name, result).Inc()
		e.h.metrics.Latency.WithLabelValues(e.name, result).Observe(latency.Seconds())
		out.result = result
		e.h.logDecision(e.name, review.Request, out, latency)
	}()
	if rerr := readReview(r, body, &review, ov); rerr != nil {
		result = ResultBadRequest
		e.h.log.V(1).Info("bad admission request", "webhook", e.name, "code", rerr.code, "error", rerr.err)
		out.resp = Errored(uidOf(&review), int32(rerr.code), rerr)
		writeReview(w, rerr.code, out.resp)
		return
	}
	ctx, cancel := requestContext(r) // ends before the apiserver's ?timeout=
	defer cancel()
	out = e.admit(ctx, review.Request, ov)
	result = out.result
	writeReview(w, out.status, out.resp)
}

// notDecided answers a request that could not be decided with err and code.
func notDecided(req *admissionv1.AdmissionRequest, code int, result string, err error) outcome {
	return outcome{resp: Errored(req.UID, int32(code), err), status: code, result: result}
}

// podAndNamespace is what both endpoints do first: the pod of a request the endpoint
// decides (which), and its namespace from the cache. done is set when the request is
// already answered: not one it decides (admitted unchanged), undecodable (4xx), or the namespace unknown (5xx, so the
// failurePolicy decides).
func (h *Handlers) podAndNamespace(ctx context.Context, req *admissionv1.AdmissionRequest, which decides, decode podDecoder) (*corev1.Pod, mutators.Namespace, *outcome) {
	pod, why, rerr := podToAdmit(req, which, decode)
	if rerr != nil {
		out := notDecided(req, rerr.code, ResultBadRequest, rerr)
		return nil, mutators.Namespace{}, &out
	}
	if pod == nil {
		return nil, mutators.Namespace{}, &outcome{resp: Allowed(req.UID, why), status: http.StatusOK, result: ResultAllowed}
	}
	ns, err := h.namespaces.Namespace(ctx, req.Namespace)
	if err != nil {
		out := notDecided(req, http.StatusInternalServerError, ResultError, fmt.Errorf("podpatterns: %w", err))
		return nil, mutators.Namespace{}, &out
	}
	return pod, ns, nil
}

// decoder is how the endpoints decode a pod: the view of the fields decisions read
// (a mutation that selects something then decodes the whole pod), or, with the fast
// paths off, the whole pod.
func (h *Handlers) decoder() podDecoder {
	if h.straight {
		return stdDecodePod
	}
	return decodePodView
}

// viewAlways: /validate reads the view of every pod (the fast paths on).
func (h *Handlers) viewAlways([]byte) bool { return !h.straight }

// viewUnlessSelecting: /mutate reads the view first of a pod whose review names no
// podpatterns.io key (mutate's own test is on the object; a review that names one
// elsewhere only costs the view's second read).
func (h *Handlers) viewUnlessSelecting(body []byte) bool {
	return !h.straight && !mentionsPodpatterns(body)
}

// wholeDecoder decodes the whole pod: decodePod, or encoding/json alone with the fast
// paths off.
func (h *Handlers) wholeDecoder() podDecoder {
	if h.straight {
		return stdDecodePod
	}
	return decodePod
}
