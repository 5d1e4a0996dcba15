package chartrender_test

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/chartrender"
	"github.com/podpatterns/podpatterns/validators"
)

// TestDefaultProfilesDenyBestEffort: the profile NOTES.txt suggests does something with
// the chart's defaults: a BestEffort pod is denied in a namespace labelled
// podpatterns.io/profile=standard, a pod with requests is admitted.
func TestDefaultProfilesDenyBestEffort(t *testing.T) {
	m := render(t, chartrender.Options{})
	var cm corev1.ConfigMap
	decode(t, m, "ConfigMap", "podpatterns-config", &cm)
	cfg, err := config.Parse("config.yaml", []byte(cm.Data["config.yaml"]))
	if err != nil {
		t.Fatal(err)
	}
	p := admission.Compose(cfg, admission.Deps{})
	validate := func(c corev1.Container) validators.Result {
		pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "app", Namespace: "shop"}, Spec: corev1.PodSpec{Containers: []corev1.Container{c}}}
		return p.ValidatePod(pod, mutators.Namespace{Name: "shop", Labels: map[string]string{mutators.LabelProfile: "standard"}}).Result
	}
	bestEffort := validate(corev1.Container{Name: "app", Image: "shop/app:1"})
	if len(bestEffort.Violations) == 0 || bestEffort.Mode != validators.ModeEnforce {
		t.Errorf("BestEffort pod passes the default standard profile: %+v", bestEffort)
	}
	requests := corev1.ResourceList{corev1.ResourceCPU: mustParse("100m"), corev1.ResourceMemory: mustParse("64Mi")}
	if r := validate(corev1.Container{Name: "app", Image: "shop/app:1", Resources: corev1.ResourceRequirements{Requests: requests}}); len(r.Violations) != 0 {
		t.Errorf("a pod with requests is denied: %+v", r.Violations)
	}
	notes := m.Files["podpatterns/templates/NOTES.txt"]
	if !containsAll(notes, "podpatterns.io/profile=standard", "BestEffort pods", "standard: mode enforce, minimum QoS Burstable, rules for cpu, memory") {
		t.Errorf("NOTES do not say what the suggested profile does:\n%s", notes)
	}
}

// TestNotesSayWhatIsOn: NOTES list what the values turned on, and nothing else.
func TestNotesSayWhatIsOn(t *testing.T) {
	def := render(t, chartrender.Options{}).Files["podpatterns/templates/NOTES.txt"]
	if !containsAll(def, "Sidecars (pod annotation podpatterns.io/sidecars): none configured", "Downward API (podpatterns.io/downward-api): on request only", "Configuration images (podpatterns.io/config-image): none configured", "Install check:") {
		t.Errorf("default NOTES:\n%s", def)
	}
	ex := render(t, chartrender.Options{ValuesFiles: []string{"ci/examples-values.yaml"}}).Files["podpatterns/templates/NOTES.txt"]
	if !containsAll(ex, "Sidecars (pod annotation podpatterns.io/sidecars): log-shipper", "Adapters (podpatterns.io/adapters): prometheus-exporter", "Ambassadors (podpatterns.io/ambassadors): redis", "Configuration templates (podpatterns.io/config-template): nginx", "Configuration images (podpatterns.io/config-image): app-config (mode copy)") {
		t.Errorf("examples NOTES:\n%s", ex)
	}
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

func mustParse(s string) resource.Quantity { return resource.MustParse(s) }
