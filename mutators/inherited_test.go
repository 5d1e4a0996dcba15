package mutators_test

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
)

// TestInheritedDefaultsSkip: every annotation a namespace can default, set to a value
// the config refuses. On the namespace it skips its pattern (invalid-default, with a
// warning naming the namespace's annotation) and the pod is admitted; the same value on
// the pod denies it. The namespace's other defaults still apply.
func TestInheritedDefaultsSkip(t *testing.T) {
	loaded := mutatorstest.ExampleConfig(t)
	chain := mutators.New(loaded.Config.Mutators, mutatorstest.Options())
	for _, tt := range []struct {
		key, value string
		pattern    mutators.Pattern
	}{
		{mutators.AnnotationSidecars, "Bad_Name", mutators.PatternSidecar},
		{mutators.AnnotationAdapters, "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q", mutators.PatternAdapter},
		{mutators.AnnotationAmbassadors, "redis:7", mutators.PatternAmbassador},
		{mutators.AnnotationPreStop, "90", mutators.PatternPreStop}, // above maxSleepSeconds 60
		{mutators.AnnotationDownwardAPI, "yes", mutators.PatternDownwardAPI},
		{mutators.AnnotationConfigTemplate, "nginx,other", mutators.PatternConfigTemplate},
		{mutators.AnnotationConfigImage, "registry.example.com/cfg:1", mutators.PatternConfigImage},
		{mutators.AnnotationInject, "maybe", mutators.PatternAll},
	} {
		t.Run(tt.key, func(t *testing.T) {
			ns := mutators.Namespace{Name: "team", Labels: map[string]string{mutators.LabelInject: mutators.InjectEnabled},
				Annotations: map[string]string{mutators.AnnotationSidecars: "log-shipper"}}
			ns.Annotations[tt.key] = tt.value
			req := mutators.NewRequest(appPod(nil), ns)
			chain.Mutate(req)
			r := req.Report
			if len(r.Denials) > 0 {
				t.Fatalf("a namespace default denied the pod: %v", r.Denials)
			}
			found := false
			for _, s := range r.Skipped {
				if s.Reason == mutators.SkipInvalidDefault && s.Pattern == tt.pattern &&
					strings.Contains(s.Message, "namespace.team.annotations["+tt.key+"]") {
					found = true
				}
			}
			if !found || !strings.Contains(strings.Join(r.Warnings, "\n"), "(invalid-default)") {
				t.Fatalf("no %s skip of %s naming the namespace annotation, with a warning: %+v", mutators.SkipInvalidDefault, tt.pattern, r)
			}
			others := tt.pattern != mutators.PatternSidecar && tt.pattern != mutators.PatternAll
			if injected := len(r.Injected) > 0 && r.Injected[0].Template == "log-shipper"; injected != others {
				t.Errorf("injected %v: the other patterns' defaults must still apply (unless the opt-out itself is invalid)", r.Injected)
			}
			own := mutators.NewRequest(appPod(map[string]string{tt.key: tt.value}), ns)
			chain.Mutate(own)
			if len(own.Report.Denials) == 0 {
				t.Fatalf("the pod's own %s=%q must deny it: %+v", tt.key, tt.value, own.Report)
			}
		})
	}
}

// appPod is a one-container pod with annotations.
func appPod(annotations map[string]string) *corev1.Pod {
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "team", Annotations: annotations},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "registry.example.com/web:1"}}}}
}

// TestInvalidDefaults: what the server counts at a reload. A namespace whose default the
// config refuses is reported (prestop above maxSleepSeconds, a bad name); valid
// defaults, or a namespace not opted into injection, are not.
func TestInvalidDefaults(t *testing.T) {
	loaded := mutatorstest.ExampleConfig(t)
	chain := mutators.New(loaded.Config.Mutators, mutatorstest.Options())
	on := map[string]string{mutators.LabelInject: mutators.InjectEnabled}
	for _, tt := range []struct {
		name string
		ns   mutators.Namespace
		want int
	}{
		{"prestop above the cap", mutators.Namespace{Name: "a", Labels: on, Annotations: map[string]string{mutators.AnnotationPreStop: "90"}}, 1},
		{"bad name and bad switch", mutators.Namespace{Name: "b", Labels: on, Annotations: map[string]string{
			mutators.AnnotationSidecars: "Bad_Name", mutators.AnnotationDownwardAPI: "yes"}}, 2},
		{"valid defaults", mutators.Namespace{Name: "c", Labels: on, Annotations: map[string]string{
			mutators.AnnotationPreStop: "60", mutators.AnnotationSidecars: "log-shipper"}}, 0},
		{"not opted in", mutators.Namespace{Name: "d", Annotations: map[string]string{mutators.AnnotationPreStop: "90"}}, 0},
	} {
		if got := mutators.InvalidDefaults(chain, tt.ns); len(got) != tt.want {
			t.Errorf("%s: %d invalid defaults %+v, want %d", tt.name, len(got), got, tt.want)
		}
	}
}
