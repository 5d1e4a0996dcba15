package webhook

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"
)

var reviewSeeds = []string{
	"{\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"a\x1fb\"}}", "\r{\r\"kind\"\r:\r\"AdmissionReview\"\r,\"request\":{\"uid\":\"u\r\"}}\r",
	`{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"u","kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},"requestKind":{"version":"v1","kind":"Pod"},"requestResource":{"version":"v1","resource":"pods"},"namespace":"ns","operation":"CREATE","userInfo":{"username":"u","uid":"1","groups":["a","b"],"extra":{"k":["v"]}},"object":{"metadata":{"name":"p"}},"oldObject":null,"dryRun":false,"options":{"kind":"CreateOptions"}}}`,
	`{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"u","UID":"v"}}`,
	`{"kind":"AdmissionReview","request":{"uid":"a"},"request":{"namespace":"b"}}`,
	`{"kind":"AdmissionReview","response":{"uid":"u","allowed":true}}`, `{"request":null}`, `{"request":{"dryRun":null}}`,
	`{"request":{"object":  {"a" : [1, 2]}  ,"oldObject":{}}}`, `{"request":{"userInfo":{"groups":[null]}}}`,
	`{"request":{"userInfo":{"extra":{"k":null}}}}`, `{"request":{"o\u0062ject":{"escaped":"key"},"namespace":"n\u00e9"}}`,
	`{"request":{"uid":1}}`, `{"request":{"kind":"Pod"}}`, `{"request":{"dryRun":"true"}}`, `{"kind":"x"} {}`, `{"kind":"x",}`,
}

// checkReview fails when scanReview accepts body but reads it otherwise than
// encoding/json (or accepts what encoding/json refuses).
func checkReview(t *testing.T, body []byte) bool {
	t.Helper()
	var scanned, decoded admissionv1.AdmissionReview
	ok := scanReview(body, false, &scanned, nil)
	err := json.Unmarshal(body, &decoded)
	switch {
	case ok && err != nil:
		t.Fatalf("the scanner accepts what encoding/json refuses (%v): %s", err, body)
	case ok && !reflect.DeepEqual(scanned, decoded):
		t.Fatalf("reviews differ for %s:\n scanned %+v\n json    %+v", body, scanned.Request, decoded.Request)
	}
	return ok
}

// TestReviewScanHarnessPayloads: the harness's reviews (API-server-shaped) are read by
// the scanner, without falling back, as encoding/json reads them.
func TestReviewScanHarnessPayloads(t *testing.T) {
	for _, name := range []string{"all", "none", "validate", "large"} {
		body, err := os.ReadFile("testdata/bench/" + name + ".json")
		if err != nil {
			t.Fatal(err)
		}
		if !checkReview(t, body) {
			t.Errorf("the scanner fell back on %s.json", name)
		}
	}
}

// FuzzReviewScan: for any body, the scanner either refuses or reads what
// encoding/json reads.
func FuzzReviewScan(f *testing.F) {
	for _, s := range reviewSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) { checkReview(t, body) })
}
