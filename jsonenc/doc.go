// Package jsonenc writes JSON for the few shapes the request path encodes on every
// request (strings, the AdmissionReview response) without reflection. Its output is
// byte for byte what encoding/json.Marshal writes for the same value, which the tests
// prove by fuzzing against it: callers may switch between the two freely.
package jsonenc
