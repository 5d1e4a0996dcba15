package coherence_test

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/coherence"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// TestRendererDefaultsSatisfyEveryShippedProfile: the config-template renderer with its
// default resources breaks no per-container rule of any shipped profile, even where the
// profile does not exempt injected containers.
func TestRendererDefaultsSatisfyEveryShippedProfile(t *testing.T) {
	checkInitDefaults(t, "configTemplates:\n  app: {templatesConfigMap: t, paramsConfigMap: p, mountPath: /etc/app}\n",
		mutators.AnnotationConfigTemplate)
}

// TestConfigImageCopierDefaultsSatisfyEveryShippedProfile: the same for the copy init
// container of a configuration image with default resources.
func TestConfigImageCopierDefaultsSatisfyEveryShippedProfile(t *testing.T) {
	checkInitDefaults(t, "configImages:\n  app: {image: registry.example.com/cfg:1, mountPath: /etc/app}\n",
		mutators.AnnotationConfigImage)
}

// checkInitDefaults injects the one init container that cfgYAML's entry "app" adds
// (selected by annotation) into a Guaranteed and a Burstable pod in every shipped
// profile, with injected containers not exempt, and fails on any violation it causes.
func checkInitDefaults(t *testing.T, cfgYAML, annotation string) {
	t.Helper()
	sources, err := coherence.ShippedProfiles("..")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("templates", []byte(cfgYAML))
	if err != nil {
		t.Fatal(err)
	}
	q := resource.MustParse
	shapes := map[string]corev1.ResourceRequirements{
		"guaranteed app": {Requests: corev1.ResourceList{"cpu": q("1"), "memory": q("1Gi")}, Limits: corev1.ResourceList{"cpu": q("1"), "memory": q("1Gi")}},
		"burstable app":  {Requests: corev1.ResourceList{"cpu": q("100m"), "memory": q("128Mi")}, Limits: corev1.ResourceList{"cpu": q("200m"), "memory": q("128Mi")}},
	}
	checked := 0
	for _, src := range sources {
		profiles := validators.Config{Profiles: map[string]validators.Profile{}}
		for name, p := range src.Config.Profiles {
			p.Exempt.InjectedSidecars = false
			profiles.Profiles[name] = p
		}
		mut, val := coherence.Chains(cfg.Mutators, profiles, "podpatterns:test", nil)
		for name := range profiles.Profiles {
			for shape, res := range shapes {
				pod := &corev1.Pod{
					ObjectMeta: metav1.ObjectMeta{Name: "p", Annotations: map[string]string{annotation: "app"}},
					Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "app:1", Resources: res}}},
				}
				ns := coherence.InNamespace(mutators.Namespace{Name: "ns", Labels: map[string]string{mutators.LabelInject: mutators.InjectEnabled}}, name)
				v := coherence.MutateThenValidate(mut, val, pod, ns)
				if len(v.Mutated.Spec.InitContainers) != 1 {
					t.Fatalf("%s/%s, %s: init container not injected: %+v", src.Name, name, shape, v.Report)
				}
				checked++
				for _, viol := range v.After.Violations {
					if strings.HasPrefix(viol.Error.Field, "spec.initContainers") {
						t.Errorf("%s/%s, %s: the init container's default resources break %s: %s", src.Name, name, shape, viol.Rule, viol.Error.Error())
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no profile checked")
	}
}
