package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/limitrange"
	"github.com/podpatterns/podpatterns/mutators"
)

func rl(pairs ...string) corev1.ResourceList {
	out := corev1.ResourceList{}
	for i := 0; i < len(pairs); i += 2 {
		out[corev1.ResourceName(pairs[i])] = resource.MustParse(pairs[i+1])
	}
	return out
}

// defaultingRanges cover every way a LimitRange defaults a container: explicit default
// and defaultRequest, a max standing in for a default limit, a min for a default request
// (the LimitRange API's own defaulting), in two ranges.
func defaultingRanges() []*corev1.LimitRange {
	return []*corev1.LimitRange{
		{ObjectMeta: metav1.ObjectMeta{Name: "a-defaults"}, Spec: corev1.LimitRangeSpec{Limits: []corev1.LimitRangeItem{{
			Type: corev1.LimitTypeContainer, Default: rl("cpu", "400m", "memory", "128Mi"), DefaultRequest: rl("cpu", "100m"),
		}}}},
		{ObjectMeta: metav1.ObjectMeta{Name: "b-bounds"}, Spec: corev1.LimitRangeSpec{Limits: []corev1.LimitRangeItem{{
			Type: corev1.LimitTypeContainer, Max: rl("ephemeral-storage", "2Gi"), Min: rl("ephemeral-storage", "10Mi"),
		}}}},
	}
}

// createRanges creates ranges in namespace.
func createRanges(t *testing.T, namespace string, ranges []*corev1.LimitRange) {
	t.Helper()
	for _, lr := range ranges {
		lr = lr.DeepCopy()
		lr.Namespace = namespace
		if _, err := suite.Client.CoreV1().LimitRanges(namespace).Create(ctxFor(t), lr, metav1.CreateOptions{}); err != nil {
			t.Fatalf("creating LimitRange %s: %v", lr.Name, err)
		}
	}
}

// TestLimitRangeDefaultingMatchesAPIServer is the differential test of podpatterns'
// LimitRanger model (limitrange.DefaultPod, what CheckTemplate and the CLI judge
// templates and files with) against the real API server's: pods dry-run created in a
// namespace no webhook selects, holding two LimitRanges, with containers, init
// containers and native sidecars written every way (nothing, limits only, requests
// only, part of it); every container's stored resources must be the model's.
func TestLimitRangeDefaultingMatchesAPIServer(t *testing.T) {
	ns := newNamespace(t, nil, nil)
	ranges := defaultingRanges()
	createRanges(t, ns, ranges)
	for i := range ranges {
		ranges[i] = ranges[i].DeepCopy()
		ranges[i].Namespace = ns // as written: the model applies the LimitRange API's defaulting itself
	}
	always := corev1.ContainerRestartPolicyAlways
	res := func(requests, limits corev1.ResourceList) corev1.ResourceRequirements {
		return corev1.ResourceRequirements{Requests: requests, Limits: limits}
	}
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "defaulted"}, Spec: corev1.PodSpec{
		InitContainers: []corev1.Container{
			{Name: "init-bare", Image: "init:1"},
			{Name: "init-limits", Image: "init:1", Resources: res(nil, rl("cpu", "1"))},
			{Name: "sidecar-bare", Image: "sidecar:1", RestartPolicy: &always},
			{Name: "sidecar-requests", Image: "sidecar:1", RestartPolicy: &always, Resources: res(rl("cpu", "50m", "memory", "32Mi"), nil)},
		},
		Containers: []corev1.Container{
			{Name: "bare", Image: "app:1"},
			{Name: "limits-only", Image: "app:1", Resources: res(nil, rl("cpu", "300m", "ephemeral-storage", "1Gi"))},
			{Name: "requests-only", Image: "app:1", Resources: res(rl("memory", "64Mi", "ephemeral-storage", "20Mi"), nil)},
			{Name: "partial", Image: "app:1", Resources: res(rl("cpu", "200m"), rl("memory", "100Mi"))},
		},
	}}
	model := limitrange.Of(limitrange.Static(ranges), ns).DefaultPod(pod)
	if model == pod {
		t.Fatal("the model defaulted nothing")
	}
	// The API server's LimitRanger reads LimitRanges from its own informer: a range
	// created a moment ago may not be in it yet. Dry-run creates are repeated until the
	// stored pod matches or 15 s pass; a real difference still fails, with the diff.
	var diffs []string
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		got, _, err := createPod(t, ns, pod, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
		if err != nil {
			t.Fatalf("the API server rejected the pod: %v", err)
		}
		diffs = diffs[:0]
		for _, lists := range [][2][]corev1.Container{{got.Spec.InitContainers, model.Spec.InitContainers}, {got.Spec.Containers, model.Spec.Containers}} {
			for i, c := range lists[0] {
				if want := lists[1][i].Resources; !equality.Semantic.DeepEqual(c.Resources, want) {
					diffs = append(diffs, fmt.Sprintf("%s: the API server stored\n  %v\nthe model\n  %v", c.Name, c.Resources, want))
				}
			}
		}
		if len(diffs) == 0 || time.Now().After(deadline) {
			break
		}
	}
	for _, d := range diffs {
		t.Error(d)
	}
	if pod.Spec.Containers[0].Resources.Limits != nil {
		t.Error("DefaultPod wrote its input")
	}
}

// TestLimitRangeInjectedContainers: through the real API server, with podpatterns, in
// an opted-in namespace with a LimitRange (ephemeral-storage defaults, a 48Mi memory cap
// per container): the log shipper (64Mi) is skipped with the limit-range warning and the
// pod admitted; the exporter is injected carrying the LimitRange's defaults, written by
// podpatterns (LimitRanger's annotation, rewritten whenever it defaults something, names
// only the app container). Control: the same pod with the log shipper written in by hand
// is rejected by the API server in a namespace without podpatterns.
func TestLimitRangeInjectedContainers(t *testing.T) {
	ranges := []*corev1.LimitRange{{ObjectMeta: metav1.ObjectMeta{Name: "small"}, Spec: corev1.LimitRangeSpec{Limits: []corev1.LimitRangeItem{{
		Type: corev1.LimitTypeContainer, Max: rl("memory", "48Mi"), Default: rl("ephemeral-storage", "1Gi"), DefaultRequest: rl("ephemeral-storage", "50Mi"),
	}}}}}
	ns := newNamespace(t, injected(), nil)
	createRanges(t, ns, ranges)
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "capped", Annotations: map[string]string{
		mutators.AnnotationSidecars: "log-shipper", mutators.AnnotationAdapters: "prometheus-exporter"}},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "app:1",
			Ports: []corev1.ContainerPort{{ContainerPort: 8080}}, Resources: corev1.ResourceRequirements{Requests: rl("cpu", "10m")}}}}}
	var got *corev1.Pod
	var warnings []string
	// The server's LimitRange informer may deliver the new range a moment after it is
	// created: until then the log shipper is injected and the API server rejects the pod.
	eventually(t, 15*time.Second, "the server knows the LimitRange", func() (bool, string) {
		var err error
		got, warnings, err = createPod(t, ns, pod, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
		return err == nil, toJSON(err)
	})
	if !slices.ContainsFunc(warnings, func(w string) bool {
		return strings.Contains(w, `sidecar "log-shipper" not injected (limit-range)`) && strings.Contains(w, "LimitRange small")
	}) {
		t.Errorf("warnings %q lack the log shipper's limit-range skip", warnings)
	}
	var exporter *corev1.Container
	for i := range got.Spec.InitContainers {
		if got.Spec.InitContainers[i].Name == "prometheus-exporter" {
			exporter = &got.Spec.InitContainers[i]
		}
	}
	if exporter == nil {
		t.Fatalf("the exporter was not injected: %s", containerNames(got))
	}
	if diff := cmp.Diff("50Mi 1Gi", exporter.Resources.Requests.StorageEphemeral().String()+" "+exporter.Resources.Limits.StorageEphemeral().String()); diff != "" {
		t.Errorf("exporter's ephemeral-storage (-want +got): %s", diff)
	}
	if note := got.Annotations["kubernetes.io/limit-ranger"]; strings.Contains(note, "prometheus-exporter") {
		t.Errorf("LimitRanger defaulted the injected exporter itself (%q): podpatterns did not write the defaults", note)
	}
	plain := newNamespace(t, nil, nil)
	createRanges(t, plain, ranges)
	byHand := pod.DeepCopy()
	byHand.Annotations = nil
	byHand.Spec.InitContainers = []corev1.Container{{Name: "log-shipper", Image: "fluent-bit:3", RestartPolicy: exporter.RestartPolicy,
		Resources: corev1.ResourceRequirements{Requests: rl("memory", "64Mi"), Limits: rl("memory", "64Mi")}}}
	if _, _, err := createPod(t, plain, byHand, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}}); err == nil ||
		!strings.Contains(err.Error(), "maximum memory usage per Container is 48Mi") {
		t.Errorf("control: the API server answered %v for a 64Mi container under a 48Mi LimitRange; want LimitRanger's rejection", err)
	}
}
