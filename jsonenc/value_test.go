package jsonenc

import (
	"bytes"
	"encoding/json"

	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// addrMarshaler marshals through a pointer receiver: encoding/json calls it only when
// the value is addressable.
type addrMarshaler struct{ N int }

func (a *addrMarshaler) MarshalJSON() ([]byte, error) { return []byte(`{"addr": "<yes>"}`), nil }

type textKey string

func (k textKey) MarshalText() ([]byte, error) { return []byte("t-" + string(k)), nil }

type inner struct {
	Shared string `json:"shared,omitempty"`
	Deep   int
}

type Exported struct{ Promoted string }

// oddShapes has every shape AppendValue hands to encoding/json or must get right itself.
type oddShapes struct {
	inner
	*Exported
	Skip      string `json:"-"`
	Dash      string `json:"-,"`
	unexp     string //nolint:unused // never written
	Untagged  int
	Float     float64             `json:"float,omitempty"`
	Any       any                 `json:"any"`
	Bytes     []byte              `json:"bytes"`
	IntKeys   map[int]string      `json:"intKeys"`
	TextKeys  map[textKey]int     `json:"textKeys"`
	Named     map[textKey]string  `json:"named"`
	Addr      addrMarshaler       `json:"addr"`
	AddrPtr   *addrMarshaler      `json:"addrPtr"`
	Time      metav1.Time         `json:"time"`
	Quantity  *resource.Quantity  `json:"quantity,omitempty"`
	Resources corev1.ResourceList `json:"resources"`
	Array     [2]string           `json:"array"`
	AsString  int                 `json:"asString,string"`
	Uint8     uint8               `json:"uint8"`
}

type conflict struct {
	inner
	Shared string `json:"shared"`
}

// compareAll checks AppendValue against json.Marshal for x, addressable and not.
func compareAll(t *testing.T, x any) {
	t.Helper()
	ptr := reflect.New(reflect.TypeOf(x))
	ptr.Elem().Set(reflect.ValueOf(x))
	for _, c := range []struct {
		name string
		v    reflect.Value
		of   any
	}{{"value", reflect.ValueOf(x), x}, {"addressable", ptr.Elem(), ptr.Interface()}} {
		want, wantErr := json.Marshal(c.of)
		got, gotErr := AppendValue([]byte("prefix"), c.v)
		if (wantErr != nil) != (gotErr != nil) {
			t.Fatalf("%s %T: error %v, json.Marshal's %v", c.name, x, gotErr, wantErr)
		}
		if wantErr == nil && !bytes.Equal(got, append([]byte("prefix"), want...)) {
			t.Fatalf("%s %T:\n AppendValue  %s\n json.Marshal %s", c.name, x, got[6:], want)
		}
	}
}

// FuzzAppendValue: for pods, containers, volumes and odd shapes filled at random from
// the seed, AppendValue writes json.Marshal's bytes (and fails where it fails).
func FuzzAppendValue(f *testing.F) {
	for seed := range uint64(64) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		r := rand.New(rand.NewPCG(seed, seed>>32))
		for _, typ := range []reflect.Type{reflect.TypeFor[corev1.Pod](), reflect.TypeFor[corev1.Container](),
			reflect.TypeFor[corev1.Volume](), reflect.TypeFor[oddShapes](), reflect.TypeFor[conflict](),
			reflect.TypeFor[map[string]string](), reflect.TypeFor[[]corev1.EnvVar]()} {
			v := reflect.New(typ).Elem()
			fill(v, r, 6)
			compareAll(t, v.Interface())
		}
	})
}

// TestAppendValueJSONCorpus: values decoded from JSON (what the webhook diffs) encode as
// json.Marshal encodes them, time included.
func TestAppendValueJSONCorpus(t *testing.T) {
	var pod corev1.Pod
	raw := `{"metadata":{"name":"p","creationTimestamp":"2026-11-30T08:00:00Z","labels":{"b":"2","a":"1"}},
	"spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":80}],"resources":{"limits":{"cpu":"1500m","memory":"1Gi"}},
	"livenessProbe":{"httpGet":{"port":"http","path":"/<x>"}},"readinessProbe":{"tcpSocket":{"port":8080}}}],
	"volumes":[{"name":"v","emptyDir":{"sizeLimit":"64Mi"}}]}}`
	if err := json.Unmarshal([]byte(raw), &pod); err != nil {
		t.Fatal(err)
	}
	compareAll(t, pod)
	compareAll(t, &pod)
	compareAll(t, metav1.NewTime(time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)))
}

// TestAppendValueAllocations: a container as the chain injects it is written without
// allocating once its plan is known; a binary quantity that was not parsed in canonical
// form ("64Mi" is not kept) costs CanonicalizeBytes's one.
func TestAppendValueAllocations(t *testing.T) {
	c := corev1.Container{Name: "log", Image: "fluent-bit:3", Env: []corev1.EnvVar{{Name: "A", Value: "b"}},
		Resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{"cpu": resource.MustParse("50m"),
			"memory": *resource.NewQuantity(1000, resource.DecimalSI)}},
		VolumeMounts: []corev1.VolumeMount{{Name: "logs", MountPath: "/var/log"}}}
	size := resource.MustParse("64Mi")
	vol := corev1.Volume{Name: "logs", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{SizeLimit: &size}}}
	buf := make([]byte, 0, 4096)
	for v, want := range map[reflect.Value]float64{reflect.ValueOf(&c).Elem(): 0, reflect.ValueOf(&vol).Elem(): 1} {
		if n := testing.AllocsPerRun(50, func() { _, _ = AppendValue(buf[:0], v) }); n != want {
			t.Errorf("AppendValue allocates %v times for a %s, want %v", n, v.Type(), want)
		}
	}
}
