package webhook

import "testing"

// TestViewSeesReadinessProbeAsTheWholePod: the view's containers have a readiness
// probe exactly when the whole pod's do, whichever reader took the view (the scanner,
// or encoding/json for a null or repeated member).
func TestViewSeesReadinessProbeAsTheWholePod(t *testing.T) {
	for _, raw := range []string{
		`{"spec":{"containers":[{"name":"a","readinessProbe":{"httpGet":{"port":80}}},{"name":"b"}]}}`,
		`{"spec":{"containers":[{"name":"a","readinessProbe":{}}]}}`,
		`{"spec":{"containers":[{"name":"a","readinessProbe":null}]}}`,
		`{"spec":{"containers":[{"name":"a","readinessProbe":{},"readinessProbe":null}]}}`,
		`{"spec":{"containers":[{"name":"a","readinessProbe":null,"readinessProbe":{"exec":{}}}]}}`,
		`{"spec":{"containers":[{"name":"a","ReadinessProbe":{}}]}}`,
	} {
		view, err := decodePodView([]byte(raw))
		if err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		whole, err := decodePod([]byte(raw))
		if err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		for i, c := range whole.Spec.Containers {
			if got, want := view.Spec.Containers[i].ReadinessProbe != nil, c.ReadinessProbe != nil; got != want {
				t.Errorf("%s: container %d has a readiness probe in the view: %v, in the whole pod: %v", raw, i, got, want)
			}
		}
	}
}
