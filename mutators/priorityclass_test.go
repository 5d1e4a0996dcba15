package mutators_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
)

// fakeClasses is the PriorityClass informer cache of the tests.
type fakeClasses map[string]*schedulingv1.PriorityClass

func (f fakeClasses) Get(name string) (*schedulingv1.PriorityClass, error) {
	if f == nil {
		return nil, errors.New("cache not synced")
	}
	if pc, ok := f[name]; ok {
		return pc, nil
	}
	return nil, apierrors.NewNotFound(schedulingv1.Resource("priorityclass"), name)
}

var (
	preemptNever   = corev1.PreemptNever
	preemptLower   = corev1.PreemptLowerPriority
	clusterClasses = fakeClasses{
		"standard": {ObjectMeta: metav1.ObjectMeta{Name: "standard"}, Value: 1000, PreemptionPolicy: &preemptNever},
		"batch":    {ObjectMeta: metav1.ObjectMeta{Name: "batch"}, Value: 10},
	}
	profileDefaults = map[string]string{"standard": "standard", "batch": "batch", "broken": "missing"}
)

// TestPriorityClassDefault runs the standard chain with only the priority class profileDefaults
// configured, so each case shows exactly what the defaulter does.
func TestPriorityClassDefault(t *testing.T) {
	// firstPass is what the Priority admission plugin leaves before the webhooks run in a
	// cluster without a global default class.
	firstPass := corev1.PodSpec{Priority: ptr.To[int32](0), PreemptionPolicy: &preemptLower}
	tests := []struct {
		name     string
		profile  string // namespace label; "" for none
		spec     corev1.PodSpec
		classes  mutators.PriorityClassGetter
		want     corev1.PodSpec
		injected []mutators.Injection
		warnings []string
	}{
		{name: "namespace without a profile", spec: firstPass, classes: clusterClasses, want: firstPass},
		{name: "profile without a default", profile: "other", spec: firstPass, classes: clusterClasses, want: firstPass},
		{name: "the pod names a class", profile: "standard", classes: clusterClasses,
			spec: corev1.PodSpec{PriorityClassName: "gold", Priority: ptr.To[int32](7)},
			want: corev1.PodSpec{PriorityClassName: "gold", Priority: ptr.To[int32](7)}},
		{name: "default with its value and preemption policy", profile: "standard", spec: firstPass, classes: clusterClasses,
			want:     corev1.PodSpec{PriorityClassName: "standard", Priority: ptr.To[int32](1000), PreemptionPolicy: &preemptNever},
			injected: []mutators.Injection{{Pattern: mutators.PatternPriorityClass, Template: "standard"}}},
		{name: "a class without a policy keeps the plugin's", profile: "batch", spec: firstPass, classes: clusterClasses,
			want:     corev1.PodSpec{PriorityClassName: "batch", Priority: ptr.To[int32](10), PreemptionPolicy: &preemptLower},
			injected: []mutators.Injection{{Pattern: mutators.PatternPriorityClass, Template: "batch"}}},
		{name: "default class missing from the clusterClasses", profile: "broken", spec: firstPass, classes: clusterClasses, want: firstPass,
			warnings: []string{`podpatterns: priority-class "missing" not injected (class-not-found): the profile's default PriorityClass missing does not exist`}},
		{name: "cache failure", profile: "standard", spec: firstPass, classes: fakeClasses(nil), want: firstPass,
			warnings: []string{`podpatterns: priority-class "standard" not injected (class-not-found): the profile's default PriorityClass standard could not be read: cache not synced`}},
		{name: "no clusterClasses view: the name, and the apiserver resolves the rest", profile: "standard", spec: firstPass,
			want:     corev1.PodSpec{PriorityClassName: "standard"},
			injected: []mutators.Injection{{Pattern: mutators.PatternPriorityClass, Template: "standard"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := mutatorstest.Options()
			opts.PriorityClassDefaults, opts.PriorityClasses = profileDefaults, tt.classes
			chain := mutators.New(mutators.Config{}, opts)
			ns := mutators.Namespace{Name: "team-a"}
			if tt.profile != "" {
				ns.Labels = map[string]string{mutators.LabelProfile: tt.profile}
			}
			pod := &corev1.Pod{Spec: tt.spec}
			pod.Spec.Containers = []corev1.Container{{Name: "app", Image: "app"}}
			tt.want.Containers = pod.Spec.Containers
			orig := pod.DeepCopy()
			req := mutators.NewRequest(pod, ns)
			chain.Mutate(req)
			pod = req.Pod // the input is never written
			if diff := cmp.Diff(tt.want, pod.Spec); diff != "" {
				t.Errorf("spec (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.injected, req.Report.Injected); diff != "" {
				t.Errorf("injected (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.warnings, req.Report.Warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			checkStatusAndPatch(t, orig, pod, len(tt.injected) > 0)
			again := mutators.NewRequest(pod.DeepCopy(), ns)
			chain.Mutate(again)
			if diff := cmp.Diff(pod, again.Pod); diff != "" || again.Report.Changed() {
				t.Errorf("second pass changed the pod (-first +second):\n%s", diff)
			}
		})
	}
}

// checkStatusAndPatch: an injected default is in the status annotation, and the JSON
// patch of the pass turns the original pod into the mutated one.
func checkStatusAndPatch(t *testing.T, orig, mutated *corev1.Pod, injected bool) {
	t.Helper()
	status, ok := mutators.ParseStatus(mutated.Annotations[mutators.AnnotationStatus])
	if injected && (!ok || len(status.Injected[mutators.PatternPriorityClass]) != 1) {
		t.Errorf("status annotation does not record the default: %q", mutated.Annotations[mutators.AnnotationStatus])
	}
	origJSON, err := json.Marshal(orig)
	if err != nil {
		t.Fatal(err)
	}
	mutatorstest.CheckPodPatch(t, origJSON, orig, mutated)
}
