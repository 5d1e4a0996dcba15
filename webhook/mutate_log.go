package webhook

import admissionv1 "k8s.io/api/admission/v1"

// logMutated writes the debug line of one mutation (V(1)). Its values are boxed only when
// that level is on: a switched-off V(1).Info still built its arguments, four allocations
// of every /mutate request.
func (h *Handlers) logMutated(req *admissionv1.AdmissionRequest, revision string, injected, skipped, patchBytes int) {
	if l := h.log.V(1); l.Enabled() {
		l.Info("mutated", "namespace", req.Namespace, "uid", req.UID, "revision", revision,
			"injected", injected, "skipped", skipped, "patchBytes", patchBytes)
	}
}
