package webhook

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
)

// podDecodeSeeds are pods where a decoder other than encoding/json is most likely to
// read differently: case-folded and escaped keys (the Kelvin sign folds to k),
// duplicates, nulls into every kind of field, numbers out of range or of the wrong
// kind, invalid UTF-8 and lone surrogates, the custom unmarshalers (Quantity,
// IntOrString, Time, FieldsV1), wrong types, unknown fields.
var podDecodeSeeds = []string{
	`{"spec":{"priority":1.0}}`, `{"spec":{"priority":2147483647e0}}`, `{"spec":{"priority":"1"}}`,
	`{"\u212aind":"Pod","metadata":{"nam\u0065":"x"}}`, "{\"\u212aind\":\"Pod\"}", `{"KIND":"Pod","METADATA":{"NAME":"x"}}`,
	`{"Spec":{"Containers":[{"Name":"x","IMAGE":"i"}]}}`, `{"metadata":{"Name":"x","name":"y"}}`, `{"metadata":{"name":"y","Name":"x"}}`,
	`{"metadata":{"name":"a","name":"b"}}`, `{"spec":{"overhead":{"cpu":"1","cpu":"2"}}}`,
	`{"spec":{"containers":[{"name":"a"}],"containers":[{"image":"b"}]}}`, `{"spec":{"securityContext":{"runAsUser":1},"securityContext":{"fsGroup":2}}}`,
	`{"spec":{"nodeSelector":{"a":null}}}`, `{"spec":{"containers":[{"name":null}]}}`, `{"spec":{"hostNetwork":null}}`,
	`{"spec":{"containers":[{"command":["a",null,"b"]}]}}`, `{"spec":{"containers":[{"command":null}]}}`, `{"spec":{"containers":[]}}`,
	`{"metadata":{"labels":null,"annotations":{}}}`, `{"spec":{"containers":[{"resources":{"limits":{"cpu":null}}}]}}`,
	`{"spec":{"terminationGracePeriodSeconds":99999999999999999999}}`, `{"spec":{"activeDeadlineSeconds":-9223372036854775808}}`,
	`{"spec":{"activeDeadlineSeconds":9223372036854775808}}`, `{"spec":{"containers":[{"ports":[{"containerPort":1.0}]}]}}`,
	`{"spec":{"containers":[{"ports":[{"containerPort":-2147483649}]}]}}`, `{"metadata":{"generation":1e2}}`, `{"metadata":{"generation":-0}}`,
	`{"spec":{"containers":[{"stdin":"true"}]}}`, `{"spec":{"hostNetwork":1}}`, `{"metadata":{"labels":{"a":1}}}`, `{"spec":[]}`, `{"spec":"x"}`,
	`{"spec":{"containers":[1]}}`, `[]`, `"x"`, `1`, `null`, `{"metadata":{}} {}`, `{"a":1,}`,
	`{"metadata":{"creationTimestamp":null}}`, `{"metadata":{"creationTimestamp":"2020-01-01T00:00:00Z"}}`,
	`{"metadata":{"creationTimestamp":"bad"}}`, `{"status":{"startTime":"2020-01-01T00:00:00.123456789+02:00"}}`,
	`{"spec":{"containers":[{"livenessProbe":{"httpGet":{"port":"http"}}}]}}`, `{"spec":{"containers":[{"livenessProbe":{"httpGet":{"port":80}}}]}}`,
	`{"spec":{"containers":[{"livenessProbe":{"httpGet":{"port":1.5}}}]}}`, `{"spec":{"containers":[{"livenessProbe":{"httpGet":{"port":null}}}]}}`,
	`{"metadata":{"managedFields":[{"fieldsV1":{ "f:a" : {"\u0066:b":{}} }},{"fieldsV1":null}]}}`,
	"{\"metadata\":{\"name\":\"\xff\",\"labels\":{\"\xfe\":\"v\"}}}", `{"metadata":{"name":"\ud800 \ud83d\ude00 \u00e9 \u2028"}}`,
	`{"metadata":{"annotations":{"a\u0000":"\u0000","podpatterns\u002eio/sidecars":"log-shipper"}}}`,
	`{"spec":{"containers":[{"resources":{"limits":{"cpu":"abc"}}}]}}`, `{"spec":{"containers":[{"resources":{"limits":{"cpu":1}}}]}}`,
	`{"spec":{"overhead":{"cpu":12345678901234567890123,"memory":"1e2147483647"}}}`,
	`{"spec":{"containers":[{"resources":{"limits":{"cpu":"1"},"claims":[{"name":"x","request":"r"}]}}]}}`,
	`{"spec":{"volumes":[{"name":"v","configMap":{"defaultMode":420,"items":[{"key":"k","path":"p","mode":511}]}}]}}`,
	`{"spec":{"securityContext":{"sysctls":[{"name":"a","value":"b"}]},"dnsConfig":{"options":[{"name":"x"}]}}}`,
	`{"unknown":{"deep":[1,2.5e-3,true,false,null,"s",{"x":[[]]}]},"kind":"Pod","status":{"conditions":[{"type":"Ready","lastProbeTime":null}]}}`,
	`{"metadata":{"ownerReferences":[{"controller":true,"blockOwnerDeletion":null}]}}`, "\t{ \"metadata\" : { \"name\" : \"ws\" } }\n",
	`{"metadata":{"annotations":{"podpatterns.io/inject":"false"}},"spec":{"priority":99999999999}}`,
	`{"spec":{"containers":[{"name":"a","env":7}]}}`, `{"spec":{"containers":[{"env":[{"name":"A","valueFrom":{"fieldRef":{"fieldPath":"x"}}}]}]}}`,
	`{"a":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`,
}

// podDecodeCorpus is every pod this repository has as a golden or a payload: the
// mutators' golden pods, the pod templates of the workload goldens, the harness's
// payloads, the extreme cases' pods, and the seeds of the scanners and of this test.
func podDecodeCorpus(t testing.TB) (golden, seeds [][]byte) {
	cases, err := mutatorstest.LoadCases("../mutators/testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		golden = append(golden, c.PodJSON)
	}
	golden = append(golden, workloadTemplates(t)...)
	for _, name := range []string{"all", "none", "validate", "large"} {
		body, err := os.ReadFile("testdata/bench/" + name + ".json")
		if err != nil {
			t.Fatal(err)
		}
		golden = append(golden, objectOf(t, body))
	}
	for _, tc := range extremeCases(t) {
		if obj := objectOf(t, tc.body); obj != nil {
			seeds = append(seeds, obj)
		}
	}
	for _, s := range append(append([]string{}, viewSeeds...), podDecodeSeeds...) {
		seeds = append(seeds, []byte(s))
	}
	for _, c := range presizeCases {
		seeds = append(seeds, []byte(c.raw))
	}
	return golden, seeds
}

// objectOf is request.object of a review body (nil when the body does not decode).
func objectOf(t testing.TB, body []byte) []byte {
	var review struct {
		Request struct{ Object json.RawMessage } `json:"request"`
	}
	if json.Unmarshal(body, &review) != nil {
		return nil
	}
	return review.Request.Object
}

// workloadTemplates are the pod templates of testdata/workloads (objects and old objects).
func workloadTemplates(t testing.TB) [][]byte {
	files, err := filepath.Glob("testdata/workloads/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no workload goldens: %v", err)
	}
	var out [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := yaml.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out = append(out, templatesIn(t, doc)...)
	}
	return out
}

// templatesIn collects the JSON of every "template" member that holds a pod spec.
func templatesIn(t testing.TB, v any) [][]byte {
	var out [][]byte
	switch v := v.(type) {
	case map[string]any:
		for k, child := range v {
			if tmpl, ok := child.(map[string]any); ok && k == "template" && tmpl["spec"] != nil {
				raw, err := json.Marshal(tmpl)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, raw)
			}
			out = append(out, templatesIn(t, child)...)
		}
	case []any:
		for _, child := range v {
			out = append(out, templatesIn(t, child)...)
		}
	}
	return out
}
