package webhook

import (
	"os"
	"reflect"
	"testing"

	segjson "github.com/segmentio/encoding/json"
	corev1 "k8s.io/api/core/v1"
)

// TestPresizedMetaMaps: the labels and annotations maps given before decoding are sized
// from the first metadata object, and the pod read is encoding/json's in every case
// where filling a given map could differ from making one (absent, null, empty, a case
// or escape match, duplicates, a second metadata object).
func TestPresizedMetaMaps(t *testing.T) {
	for _, c := range presizeCases {
		l, a := metaMapSizes([]byte(c.raw))
		if l != c.labels || a != c.annotations {
			t.Errorf("%s: sizes %d, %d, want %d, %d", c.raw, l, a, c.labels, c.annotations)
		}
		checkPodDecode(t, []byte(c.raw))
	}
}

// presizeCases are TestPresizedMetaMaps' pods and the sizes read from them; they seed
// FuzzPodDecode too (podDecodeCorpus).
var presizeCases = []struct {
	raw                 string
	labels, annotations int
}{
	{`{"metadata":{"name":"a"}}`, -1, -1},
	{`{"metadata":{"labels":{"a":"1","b":"2"},"annotations":{}}}`, 2, 0},
	{`{"kind":"Pod","metadata":{"labels":null,"annotations":{"x":"y"}}}`, -1, 1},
	{`{"metadata":{"labels":{},"labels":null}}`, 0, -1},
	{`{"metadata":{"labels":null,"labels":{"a":"1"}}}`, -1, -1},
	{`{"metadata":{"Labels":{"a":"1"}}}`, -1, -1},
	{`{"metadata":{"label\u0073":{"a":"1"}}}`, -1, -1},
	{`{"metadata":{"labels":{"a":"1"},"LABELS":{}}}`, -1, -1},
	{`{"Metadata":{"labels":{"a":"1"}},"metadata":{}}`, -1, -1},
	{`{"metadata":{},"metadata":{"labels":{"a":"1"}}}`, -1, -1},
	{`{"metadata":{"annotations":{"a":"1"}},"metadata":{"annotations":null,"labels":{}}}`, -1, 1},
	{`{"spec":{"containers":[]},"metadata":{"annotations":{"a":"1","b":"2","c":"3"}}}`, -1, 3},
	{`{"metadata":{"labels":[]}}`, -1, -1},
	{`{"metadata":{"labels":{"a":1}}}`, 1, -1},
}

// TestPresizedMetaMapsUsed: the harness's all-six pod is decoded into the maps given
// (the premise: segmentio fills a map it is given instead of making its own), of the
// request's sizes.
func TestPresizedMetaMapsUsed(t *testing.T) {
	body, err := os.ReadFile("testdata/bench/all.json")
	if err != nil {
		t.Fatal(err)
	}
	raw := objectOf(t, body)
	pod := &corev1.Pod{}
	presizeMetaMaps(raw, pod)
	labels, annotations := reflect.ValueOf(pod.Labels).UnsafePointer(), reflect.ValueOf(pod.Annotations).UnsafePointer()
	if _, err := segjson.Parse(raw, pod, segjson.ZeroCopy); err != nil {
		t.Fatal(err)
	}
	if len(pod.Labels) != 3 || len(pod.Annotations) != 6 {
		t.Fatalf("labels %v annotations %v", pod.Labels, pod.Annotations)
	}
	if reflect.ValueOf(pod.Labels).UnsafePointer() != labels || reflect.ValueOf(pod.Annotations).UnsafePointer() != annotations {
		t.Error("the decoder made maps of its own instead of filling the presized ones")
	}
	if allocs := testing.AllocsPerRun(20, func() { presizeMetaMaps(raw, &corev1.Pod{}) }); allocs > 4 {
		t.Errorf("presizing the harness pod's maps takes %v allocations", allocs)
	}
}
