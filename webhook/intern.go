package webhook

// intern returns text as a string without allocating for the values almost every
// review repeats (API versions, kinds, the operation, default policies, well-known
// groups); any other text is copied. Strings are immutable, so sharing one is reading
// the same value.
func intern(text []byte) string {
	switch string(text) { // compared without converting
	case "admission.k8s.io/v1":
		return "admission.k8s.io/v1"
	case "AdmissionReview":
		return "AdmissionReview"
	case "v1":
		return "v1"
	case "Pod":
		return "Pod"
	case "pods":
		return "pods"
	case "CREATE":
		return "CREATE"
	case "UPDATE":
		return "UPDATE"
	case "resize":
		return "resize"
	case "system:authenticated":
		return "system:authenticated"
	case "system:serviceaccounts":
		return "system:serviceaccounts"
	case "TCP":
		return "TCP"
	case "Always":
		return "Always"
	case "PreemptLowerPriority":
		return "PreemptLowerPriority"
	case "Burstable":
		return "Burstable"
	case "Guaranteed":
		return "Guaranteed"
	case "BestEffort":
		return "BestEffort"
	case "true": // the usual value of podpatterns' switch annotations
		return "true"
	}
	return string(text)
}
