package limitrange

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/podresources"
)

func list(pairs ...string) corev1.ResourceList {
	out := corev1.ResourceList{}
	for i := 0; i < len(pairs); i += 2 {
		out[corev1.ResourceName(pairs[i])] = resource.MustParse(pairs[i+1])
	}
	return out
}

func rangeOf(name string, items ...corev1.LimitRangeItem) *corev1.LimitRange {
	return &corev1.LimitRange{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns"}, Spec: corev1.LimitRangeSpec{Limits: items}}
}

func quantity(l corev1.ResourceList, name string) string {
	q, ok := l[corev1.ResourceName(name)]
	if !ok {
		return "-"
	}
	return q.String()
}

// TestDefaultOrder: a limit without a request becomes the request first (the Pod
// defaulting), then missing limits and requests come from the ranges; the first range
// by name wins a resource both default; a max or min stands in for a missing default
// (the LimitRange API's own defaulting); nothing written is shared with the input.
func TestDefaultOrder(t *testing.T) {
	ranges := Of(Static{
		rangeOf("b", corev1.LimitRangeItem{Type: corev1.LimitTypeContainer, Default: list("cpu", "2"), DefaultRequest: list("cpu", "1")}),
		rangeOf("a", corev1.LimitRangeItem{Type: corev1.LimitTypeContainer, Default: list("cpu", "500m"), Max: list("memory", "1Gi")},
			corev1.LimitRangeItem{Type: corev1.LimitTypeContainer, Min: list("ephemeral-storage", "1Mi")}),
		rangeOf("elsewhere", corev1.LimitRangeItem{Type: corev1.LimitTypeContainer, Default: list("cpu", "9")}),
	}[:2], "ns")
	in := corev1.ResourceRequirements{Limits: list("memory", "256Mi")}
	out, changed := ranges.Default(in)
	if !changed {
		t.Fatal("nothing defaulted")
	}
	for _, c := range []struct{ list, name, want string }{
		{"requests", "memory", "256Mi"}, // from its own limit, not the range's 1Gi
		{"limits", "memory", "256Mi"},
		{"limits", "cpu", "500m"},   // range a before b
		{"requests", "cpu", "500m"}, // a's default limit is a's default request, and a wins
		{"requests", "ephemeral-storage", "1Mi"},
		{"limits", "ephemeral-storage", "-"},
	} {
		got := out.Requests
		if c.list == "limits" {
			got = out.Limits
		}
		if q := quantity(got, c.name); q != c.want {
			t.Errorf("%s %s = %s, want %s", c.list, c.name, q, c.want)
		}
	}
	if len(in.Requests) != 0 || len(in.Limits) != 1 {
		t.Errorf("the input was written: %v", in)
	}
	if _, changed := Ranges(nil).Default(in); changed {
		t.Error("no range changed something")
	}
}

// TestDefaultPodCoversEveryContainer: app containers, init containers and native
// sidecars are defaulted; the input pod is not written.
func TestDefaultPodCoversEveryContainer(t *testing.T) {
	ranges := Ranges{rangeOf("d", corev1.LimitRangeItem{Type: corev1.LimitTypeContainer, Default: list("cpu", "1"), DefaultRequest: list("cpu", "100m")})}
	always := corev1.ContainerRestartPolicyAlways
	pod := &corev1.Pod{Spec: corev1.PodSpec{
		InitContainers: []corev1.Container{{Name: "init"}, {Name: "sidecar", RestartPolicy: &always}},
		Containers:     []corev1.Container{{Name: "app", Resources: corev1.ResourceRequirements{Requests: list("cpu", "10m")}}},
	}}
	out := ranges.DefaultPod(pod)
	for _, c := range append(append([]corev1.Container{}, out.Spec.InitContainers...), out.Spec.Containers...) {
		if quantity(c.Resources.Limits, "cpu") != "1" {
			t.Errorf("%s: limits %v", c.Name, c.Resources.Limits)
		}
	}
	if got := quantity(out.Spec.Containers[0].Resources.Requests, "cpu"); got != "10m" {
		t.Errorf("app request %s, want its own 10m", got)
	}
	if pod.Spec.InitContainers[0].Resources.Limits != nil || quantity(pod.Spec.Containers[0].Resources.Limits, "cpu") != "-" {
		t.Error("the input pod was written")
	}
}

// TestContainerProblem: each of LimitRanger's Container rules, and a default limit
// below the container's own request.
func TestContainerProblem(t *testing.T) {
	ranges := Ranges{rangeOf("lr", corev1.LimitRangeItem{Type: corev1.LimitTypeContainer,
		Min: list("memory", "16Mi"), Max: list("cpu", "1"), MaxLimitRequestRatio: list("memory", "2")})}
	for _, c := range []struct {
		name     string
		res      corev1.ResourceRequirements
		want     string
		problems int
	}{
		{"fits", corev1.ResourceRequirements{Requests: list("cpu", "1", "memory", "32Mi"), Limits: list("cpu", "1", "memory", "64Mi")}, "", 0},
		{"above max", corev1.ResourceRequirements{Requests: list("memory", "32Mi"), Limits: list("cpu", "1100m", "memory", "32Mi")}, "maximum cpu usage per Container is 1, but limit is 1100m", 1},
		{"no limit under a max", corev1.ResourceRequirements{Requests: list("memory", "32Mi"), Limits: list("memory", "32Mi")}, "maximum cpu usage per Container is 1, but no limit is specified", 1},
		{"below min", corev1.ResourceRequirements{Limits: list("cpu", "1", "memory", "8Mi")}, "minimum memory usage per Container is 16Mi, but request is 8Mi", 1},
		{"ratio", corev1.ResourceRequirements{Requests: list("memory", "16Mi"), Limits: list("cpu", "1", "memory", "64Mi")}, "memory max limit to request ratio per Container is 2, but provided ratio is 4.000000", 1},
		{"request above limit", corev1.ResourceRequirements{Requests: list("cpu", "2", "memory", "32Mi"), Limits: list("cpu", "1", "memory", "32Mi")}, "its cpu request 2 would exceed its limit 1", 2},
	} {
		got := ranges.ContainerProblem(&corev1.Container{Name: "c", Resources: c.res})
		if c.want == "" && got != "" || !strings.Contains(got, c.want) {
			t.Errorf("%s: problem %q, want %q", c.name, got, c.want)
		}
		if n := len(strings.Split(got, "; ")); got != "" && n != c.problems {
			t.Errorf("%s: %d problems in %q, want %d", c.name, n, got, c.problems)
		}
	}
}

// TestPodProblemOnlyForTheInjection: a Pod-type bound the injection breaks is a
// problem; one the pod breaks already is not (the API server rejects it anyway);
// native sidecars add to the total, a regular init container runs alone.
func TestPodProblemOnlyForTheInjection(t *testing.T) {
	ranges := Ranges{rangeOf("pod", corev1.LimitRangeItem{Type: corev1.LimitTypePod, Max: list("cpu", "1")})}
	app := func(cpu string) *corev1.Pod {
		return &corev1.Pod{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app",
			Resources: corev1.ResourceRequirements{Requests: list("cpu", cpu), Limits: list("cpu", cpu)}}}}}
	}
	helper := &corev1.Container{Name: "helper", Resources: corev1.ResourceRequirements{Requests: list("cpu", "300m"), Limits: list("cpu", "300m")}}
	always := corev1.ContainerRestartPolicyAlways
	native := helper.DeepCopy()
	native.RestartPolicy = &always
	for _, c := range []struct {
		name string
		w    podresources.With
		want bool
	}{
		{"fits", podresources.With{Pod: app("700m"), Extra: helper}, false},
		{"breaks", podresources.With{Pod: app("800m"), Extra: helper}, true},
		{"broken already", podresources.With{Pod: app("1100m"), Extra: helper}, false},
		{"regular init runs alone", podresources.With{Pod: app("800m"), Extra: helper, Init: true}, false},
		{"native sidecar adds up", podresources.With{Pod: app("800m"), Extra: native, Init: true}, true},
	} {
		got := ranges.PodProblem(c.w)
		if (got != "") != c.want {
			t.Errorf("%s: problem %q, want one: %v", c.name, got, c.want)
		}
	}
}
