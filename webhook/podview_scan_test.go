package webhook

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"

	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
)

// viewSeeds are pod JSONs the scanner must read as encoding/json does, or refuse.
var viewSeeds = []string{
	// control bytes (0x1F raw in a string is invalid, \r between tokens is whitespace)
	// and the view's kind and apiVersion (duplicate, case-folded, null, not a string)
	"{\"metadata\":{\"name\":\"a\x1fb\"}}", "\r{\r\"metadata\"\r:\r{\"name\":\"r\"}\r}\r", "{\"metadata\":{\"name\":\"a\rb\"}}",
	`{"kind":"Pod","apiVersion":"v1"}`, `{"kind":"Pod","kind":"ConfigMap"}`, `{"Kind":"Pod"}`, `{"kind":null}`, `{"apiVersion":1}`,
	`{"metadata":{"name":"p","labels":{"a":"1"},"annotations":{"podpatterns.io/sidecars":"x"}},"spec":{"containers":[{"name":"c","image":"i","resources":{"limits":{"cpu":"1"},"requests":{"memory":"1Gi"}}}]}}`,
	`{"metadata":{"n\u0061me":"escaped key","annotations":{"podpatterns.io\/inject":"false","k":"v\u00e9 \ud83d\ude00 \ud800"}}}`,
	`{"Metadata":{"name":"case"},"SPEC":{},"spec":{"priority":2147483647,"preemptionPolicy":"Never"}}`,
	`{"spec":{"priority":2147483648}}`, `{"spec":{"priority":1e3}}`, `{"spec":{"priority":-0}}`,
	`{"spec":{"overhead":{"cpu":12345678901234567890123},"resources":{"limits":{"memory":null}}}}`,
	`{"metadata":{"labels":{"a":"1","a":"2"}}}`, `{"metadata":{"name":"a"},"metadata":{"labels":{}}}`,
	`{"metadata":null}`, `{"spec":{"containers":null}}`, `{"spec":{"containers":[null]}}`, `{"spec":{"containers":[]}}`,
	`{"spec":{"containers":[{"resources":{"claims":[{"name":"gpu"}]}}]}}`, `{"status":{"qosClass":"Burstable","QOSClass":"x"}}`,
	`{"metadata":{"annotations":{"x":1}}}`, `{"spec":{"containers":[{"name":"c","restartPolicy":"Always"}],"ephemeralContainers":[{"name":"e"}]}}`,
	`{"unknown":{"deep":[1,2.5e-3,true,false,null,"s"]},"kind":"Pod"} `, `{"metadata":{}} x`, `[1]`, `{"a":1,}`, `{"a":"\x01"}`,
	`{"spec":{"initContainers":[{"name":"i","resources":{"requests":{"cpu":"1e2147483647"}}}]}}`, "\t{ \"metadata\" : { \"name\" : \"ws\" } }\n",
	`{"spec":{"containers":[{"name":"c","ports":[{"name":"http","containerPort":8080,"protocol":"TCP"},{"containerPort":2147483648}]}]}}`,
	`{"spec":{"containers":[{"name":"c","ports":null,"readinessProbe":null}]}}`, `{"spec":{"containers":[{"ports":[{"containerPort":1}]}]}}`,
	`{"spec":{"containers":[{"name":"c","ports":[],"readinessProbe":{"httpGet":{"port":"http"}},"readinessProbe":{}}]}}`,
	`{"spec":{"containers":[{"ports":[{"containerPort":1e3}]},{"ports":[null]},{"ports":[{"containerPort":null}]}]}}`,
	`{"spec":{"containers":[{"ports":[{"ContainerPort":1}]},{"ports":[{"containerPort":1,"containerPort":2}]}]}}`,
	`{"spec":{"containers":[{"ports":[{"name":"h","hostPort":-1,"containerPort":-2147483648,"protocol":"UDP","hostIP":"::1","x":{}}]}]}}`,
	`{"spec":{"containers":[{"ports":[{"containerPort":"80"}]},{"ports":{}}]}}`,
	// strings and quantities that share the body's bytes (podview_shared.go)
	`{"metadata":{"name":"n\u00e9","labels":{"k\"q":"v\\w","\u0061pp":"x"}},"spec":{"containers":[{"name":"\ud83d\ude00","image":"r\/i:1"}]}}`,
	`{"spec":{"containers":[{"name":"c","resources":{"limits":{"hugepages-2Mi":"100Mi","hugepages-1Gi":"2Gi","nvidia.com/gpu":1,"example.com/x":"0.5"},"requests":{"cpu":"1e3","memory":1e3,"ephemeral-storage":" 1Gi ","hugepages-2Mi":"100Mi"}}}]}}`,
	`{"spec":{"containers":[{"resources":{"limits":{"cpu":"1","cpu":"2"}}}]}}`, `{"spec":{"containers":[{"resources":{"limits":{"cpu":"\u0031"}}}]}}`,
	`{"spec":{"containers":[{"resources":{"requests":{"cpu":"0.000000001","memory":"12345678901234567890123Ki","x":"-1","y":"+1.5E3"}}}]}}`,
	`{"spec":{"overhead":{"cpu":"250m","memory":"120Mi"},"resources":{"requests":{"cpu":"1"},"limits":{"memory":"1Gi"}},"priorityClassName":"hi\u0067h"}}`,
	`{"spec":{"containers":[{"resources":{"limits":{"cpu":null,"memory":"1 Gi"}}}]}}`, `{"spec":{"containers":[{"resources":{"limits":{"":"1"}}}]}}`,
	`{"metadata":{"labels":{"a":"1"},"annotations":{"a":"1","b":"\u0000"}},"status":{"qosClass":"Guar\u0061nteed"}}`,
}

// viewBy decodes raw into a podView with the scanner (ok false: it refused) and with
// encoding/json.
func viewBy(raw []byte) (scanned, decoded podView, ok bool, err error) {
	ok = scanPodView(raw, &scanned)
	err = json.Unmarshal(raw, &decoded)
	return scanned, decoded, ok, err
}

// checkView fails when the scanner accepts raw but reads it otherwise than
// encoding/json (or accepts what encoding/json refuses).
func checkView(t *testing.T, raw []byte) {
	t.Helper()
	scanned, decoded, ok, err := viewBy(raw)
	switch {
	case ok && err != nil:
		t.Fatalf("the scanner accepts what encoding/json refuses (%v): %s", err, raw)
	case ok && !reflect.DeepEqual(scanned, decoded):
		t.Fatalf("views differ for %s:\n scanned %+v\n json    %+v", raw, scanned, decoded)
	}
}

// TestPodViewScanGoldenCorpus: every golden pod and every harness payload's pod is read
// by the scanner (no fallback) exactly as encoding/json reads it.
func TestPodViewScanGoldenCorpus(t *testing.T) {
	cases, err := mutatorstest.LoadCases("../mutators/testdata")
	if err != nil {
		t.Fatal(err)
	}
	pods := [][]byte{}
	for _, c := range cases {
		pods = append(pods, c.PodJSON)
	}
	for _, name := range []string{"all", "none", "validate", "large"} {
		body, err := os.ReadFile("testdata/bench/" + name + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var review struct {
			Request struct{ Object json.RawMessage } `json:"request"`
		}
		if err := json.Unmarshal(body, &review); err != nil {
			t.Fatal(err)
		}
		pods = append(pods, review.Request.Object)
	}
	for _, raw := range pods {
		if _, _, ok, _ := viewBy(raw); !ok {
			t.Errorf("the scanner fell back on %s", raw)
		}
		checkView(t, raw)
	}
}

// FuzzPodViewScan: for any bytes, the scanner either refuses or reads what
// encoding/json reads.
func FuzzPodViewScan(f *testing.F) {
	for _, s := range viewSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) { checkView(t, raw) })
}
