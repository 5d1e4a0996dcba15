package webhook

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"

	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
)

// oneScanBodies are review bodies as the API server sends them: every golden pod in a
// pod CREATE, and the harness's payloads.
func oneScanBodies(t testing.TB) [][]byte {
	cases, err := mutatorstest.LoadCases("../mutators/testdata")
	if err != nil {
		t.Fatal(err)
	}
	var bodies [][]byte
	for _, c := range cases {
		bodies = append(bodies, reviewBodyOf(t, string(c.PodJSON)))
	}
	for _, name := range []string{"all", "none", "validate", "large"} {
		body, err := os.ReadFile("testdata/bench/" + name + ".json")
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, body)
	}
	return bodies
}

// readBoth reads body as readReview does with the view read in the same pass, and
// without it (the review, then request.object alone).
func readBoth(body []byte) (one, two admissionv1.AdmissionReview, ov *objectView, oneErr, twoErr *reviewError) {
	post := func() *http.Request {
		r := httptest.NewRequest("POST", "/validate", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		return r
	}
	ov = &objectView{want: func([]byte) bool { return true }}
	oneErr = readReview(post(), new(bytes.Buffer), &one, ov)
	twoErr = readReview(post(), new(bytes.Buffer), &two, nil)
	return one, two, ov, oneErr, twoErr
}

// checkOneScan fails when reading the view in the same pass changes the review, or
// gives another pod than decodePodView of request.object.
func checkOneScan(t testing.TB, body []byte) *objectView {
	t.Helper()
	one, two, ov, oneErr, twoErr := readBoth(body)
	switch {
	case (oneErr == nil) != (twoErr == nil) || oneErr != nil && (oneErr.code != twoErr.code || oneErr.Error() != twoErr.Error()):
		t.Fatalf("errors differ for %.300q: one pass %v, two %v", body, oneErr, twoErr)
	case !reflect.DeepEqual(one, two):
		t.Fatalf("reviews differ for %.300q:\n one pass %+v\n two      %+v", body, one.Request, two.Request)
	case ov.read:
		want, err := decodePodView(bytes.TrimSpace(two.Request.Object.Raw))
		if got := ov.view.pod(); err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("views differ for %.300q (%v):\n one pass %+v\n alone    %+v", body, err, got, want)
		}
	}
	return ov
}

// TestOneScanReadsAsTwo: every golden pod's review and every harness payload is read in
// one pass, view included (no fallback), exactly as the review and then the view alone.
func TestOneScanReadsAsTwo(t *testing.T) {
	bodies := oneScanBodies(t)
	if len(bodies) < 100 {
		t.Fatalf("only %d bodies", len(bodies))
	}
	for _, body := range bodies {
		if ov := checkOneScan(t, body); !ov.read {
			t.Errorf("the view was not read in the review's pass: %.300s", body)
		}
	}
	for _, s := range append(append([]string{}, reviewSeeds...), viewSeeds...) {
		checkOneScan(t, []byte(s))
		checkOneScan(t, reviewBodyOf(t, s))
	}
}

// FuzzOneScan: for any body, reading the view in the review's pass changes nothing.
func FuzzOneScan(f *testing.F) {
	for _, body := range oneScanBodies(f) {
		if len(body) < 16<<10 {
			f.Add(body)
		}
	}
	for _, s := range reviewSeeds {
		f.Add([]byte(s))
	}
	for _, s := range viewSeeds {
		f.Add(reviewBodyOf(f, s))
	}
	f.Fuzz(func(t *testing.T, body []byte) { checkOneScan(t, body) })
}

// TestHarnessPayloadsFastAsStraight: the harness's payloads (API-server-shaped reviews:
// user info, managed fields, defaults) get the same answer bytes from the one-pass fast
// paths as from the straightforward path, on both endpoints.
func TestHarnessPayloadsFastAsStraight(t *testing.T) {
	h := harnessHandlers(t)
	pp := newPathPair(h.Pipeline(), h.namespaces.(StaticNamespaces))
	for _, name := range []string{"all", "none", "validate", "large"} {
		body, err := os.ReadFile("testdata/bench/" + name + ".json")
		if err != nil {
			t.Fatal(err)
		}
		for _, endpoint := range []string{"mutate", "validate"} {
			fastCode, fast := postBody(t, pp.fast, endpoint, body)
			straightCode, straight := postBody(t, pp.straight, endpoint, body)
			if fastCode != straightCode || !bytes.Equal(fast, straight) {
				t.Errorf("%s /%s: fast %d %s\n straight %d %s", name, endpoint, fastCode, fast, straightCode, straight)
			}
		}
	}
}

// postBody posts a whole review body to endpoint.
func postBody(t testing.TB, h *Handlers, endpoint string, body []byte) (int, []byte) {
	handler := h.Mutate()
	if endpoint == "validate" {
		handler = h.Validate()
	}
	req := httptest.NewRequest("POST", "/"+endpoint, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}
