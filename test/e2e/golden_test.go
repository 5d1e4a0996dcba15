package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/test/cluster"
)

// createPriorityClasses creates the PriorityClasses the cases say the cluster holds (the
// same name always means the same class across cases), so the server's informer, the
// API server's Priority plugin and the golden files see the same classes.
func createPriorityClasses(t *testing.T, cases []*mutatorstest.Case) {
	t.Helper()
	for _, c := range cases {
		for _, pc := range c.PriorityClasses {
			_, err := suite.Client.SchedulingV1().PriorityClasses().Create(ctxFor(t), pc.DeepCopy(), metav1.CreateOptions{})
			if err != nil && !apierrors.IsAlreadyExists(err) {
				t.Fatalf("creating PriorityClass %s of %s: %v", pc.Name, c.Name, err)
			}
		}
	}
}

// useConfig makes the server serve data: it rewrites the config file and waits until the
// server reports the new revision in podpatterns_config_info.
func useConfig(t *testing.T, data []byte) {
	t.Helper()
	cfg, err := config.Parse(suite.ConfigPath, data)
	if err != nil {
		t.Fatalf("config does not parse: %v", err)
	}
	if servingRevision(t) == cfg.Revision {
		return
	}
	if err := cluster.WriteFileAtomic(suite.ConfigPath, data); err != nil {
		t.Fatal(err)
	}
	eventually(t, 15*time.Second, "server reloads the config", func() (bool, string) {
		got := servingRevision(t)
		return got == cfg.Revision, fmt.Sprintf("serving revision %s, want %s", got, cfg.Revision)
	})
}

// assertDenied fails unless err is webhook's denial carrying every one of details.
func assertDenied(t *testing.T, err error, webhook string, details []string) {
	t.Helper()
	if err == nil {
		t.Fatalf("admitted; want a denial by %s", webhook)
	}
	prefix := fmt.Sprintf("admission webhook %q denied the request: ", webhook)
	if !strings.Contains(err.Error(), prefix) {
		t.Fatalf("error %q is not a denial by %s", err, webhook)
	}
	for _, d := range details {
		if !strings.Contains(err.Error(), d) {
			t.Errorf("denial %q lacks %q", err, d)
		}
	}
}

// comparablePod keeps what admission decides: labels, annotations (the status
// annotation's revision neutralised: the golden files carry a fixed one), spec and the
// status the apiserver computes (phase, QoS class). Identity, timestamps and managed
// fields differ between any two objects and are dropped.
func comparablePod(p *corev1.Pod) *corev1.Pod {
	out := &corev1.Pod{Spec: *p.Spec.DeepCopy(), Status: *p.Status.DeepCopy()}
	out.Labels = p.Labels
	out.GenerateName = p.GenerateName
	if p.GenerateName == "" {
		out.Name = p.Name
	}
	out.OwnerReferences = p.OwnerReferences
	out.Annotations = map[string]string{}
	for k, v := range p.Annotations {
		out.Annotations[k] = v
	}
	if s, ok := mutators.ParseStatus(p.Annotations[mutators.AnnotationStatus]); ok {
		s.Revision = mutatorstest.Revision
		b, _ := json.Marshal(s)
		out.Annotations[mutators.AnnotationStatus] = string(b)
	}
	return out
}
