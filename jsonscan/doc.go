// Package jsonscan reads JSON in one pass without reflection: a validating scanner that
// hands out the tokens of the members a caller asks for and skips the rest. The webhook
// decodes the AdmissionReview envelope and the pod's view with it; anything the scanner
// is not sure to read exactly as encoding/json would (escapes in a key, a null, a
// duplicate, invalid JSON) makes the caller fall back to encoding/json.
package jsonscan
