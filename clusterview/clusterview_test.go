package clusterview

import (
	"context"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
)

func TestView(t *testing.T) {
	ctx := context.Background()
	v := View{Client: fake.NewClientset(
		&corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: "podpatterns-system", Name: "podpatterns-config"}, Data: map[string]string{ConfigKey: "profiles: {}\n"}},
		&corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: "podpatterns-system", Name: "other"}},
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "shop", Labels: map[string]string{"podpatterns.io/inject": "enabled"}, Annotations: map[string]string{"podpatterns.io/prestop": "true"}}},
		&schedulingv1.PriorityClass{ObjectMeta: metav1.ObjectMeta{Name: "gold"}, Value: 1000},
	)}
	data, err := v.Config(ctx, DefaultConfigMap)
	if err != nil || string(data) != "profiles: {}\n" {
		t.Errorf("config %q, %v", data, err)
	}
	for ref, want := range map[string]string{"podpatterns-system/other": "no key config.yaml", "nope": "NAMESPACE/NAME", "x/missing": "reading the live config"} {
		if _, err := v.Config(ctx, ref); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", ref, err, want)
		}
	}
	labels, annotations, err := v.Namespace(ctx, "shop")
	if err != nil || labels["podpatterns.io/inject"] != "enabled" || annotations["podpatterns.io/prestop"] != "true" {
		t.Errorf("namespace %v %v %v", labels, annotations, err)
	}
	pcs, err := v.PriorityClasses(ctx)
	if err != nil || len(pcs) != 1 || pcs[0].Value != 1000 {
		t.Errorf("priority classes %v %v", pcs, err)
	}
}
