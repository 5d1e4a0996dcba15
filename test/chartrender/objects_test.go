package chartrender_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/kubernetes/scheme"

	"github.com/podpatterns/podpatterns/certs"
	"github.com/podpatterns/podpatterns/test/chartrender"
	"github.com/podpatterns/podpatterns/webhook"
)

// clusterScoped are the cluster-scoped kinds the chart renders.
var clusterScoped = []string{"Namespace", "ClusterRole", "ClusterRoleBinding", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"}

// TestObjectsDecodeStrictly: every object of a built-in kind decodes into its Go type
// without unknown fields, sits in the release namespace unless cluster-scoped, and
// carries the release's labels.
func TestObjectsDecodeStrictly(t *testing.T) {
	forEachSet(t, func(t *testing.T, v valueSet, m *chartrender.Manifests) {
		for _, obj := range m.Objects {
			typed, err := scheme.Scheme.New(obj.GroupVersionKind())
			if err == nil {
				if err := chartrender.DecodeStrict(obj, typed); err != nil {
					t.Error(err)
				}
			} else if !strings.HasSuffix(obj.GroupVersionKind().Group, "cert-manager.io") && obj.GroupVersionKind().Group != "monitoring.coreos.com" {
				t.Errorf("%s %s: unexpected kind", obj.GetKind(), obj.GetName())
			}
			wantNS := v.namespace()
			if slices.Contains(clusterScoped, obj.GetKind()) {
				wantNS = ""
			}
			if obj.GetNamespace() != wantNS {
				t.Errorf("%s %s in namespace %q, want %q", obj.GetKind(), obj.GetName(), obj.GetNamespace(), wantNS)
			}
			if obj.GetLabels()["app.kubernetes.io/instance"] != releaseName(v) {
				t.Errorf("%s %s lacks the instance label", obj.GetKind(), obj.GetName())
			}
		}
	})
}

func releaseName(v valueSet) string {
	if v.opts.ReleaseName != "" {
		return v.opts.ReleaseName
	}
	return chartrender.DefaultReleaseName
}

// TestCertManagerChain: self-signed Issuer -> CA Certificate -> CA Issuer -> serving
// Certificate for the Service's DNS names, renewed well before expiry, stored in the
// Secret the Deployment mounts; and none of it in self-managed mode.
func TestCertManagerChain(t *testing.T) {
	forEachSet(t, func(t *testing.T, v valueSet, m *chartrender.Manifests) {
		issuers, certificates := m.OfKind("Issuer"), m.OfKind("Certificate")
		if !v.certManager {
			if len(issuers)+len(certificates) > 0 {
				t.Errorf("self-managed mode renders %d Issuers and %d Certificates", len(issuers), len(certificates))
			}
			return
		}
		ns, fn := v.namespace(), v.fullname
		selfSigned := m.Find("Issuer", fn+"-selfsigned")
		if selfSigned == nil || !hasField(selfSigned, "spec", "selfSigned") {
			t.Fatal("no self-signed Issuer")
		}
		ca := m.Find("Certificate", fn+"-ca")
		if ca == nil || !boolField(ca, "spec", "isCA") || str(ca, "spec", "issuerRef", "name") != selfSigned.GetName() {
			t.Fatal("no CA Certificate issued by the self-signed Issuer")
		}
		if str(ca, "spec", "privateKey", "rotationPolicy") != "Never" {
			t.Error("the CA key must survive CA renewal so served certificates stay trusted")
		}
		caIssuer := m.Find("Issuer", fn+"-ca")
		if caIssuer == nil || str(caIssuer, "spec", "ca", "secretName") != str(ca, "spec", "secretName") {
			t.Fatal("no CA Issuer over the CA Certificate's Secret")
		}
		serving := m.Find("Certificate", fn+"-tls")
		if serving == nil || str(serving, "spec", "issuerRef", "name") != caIssuer.GetName() {
			t.Fatal("no serving Certificate issued by the CA Issuer")
		}
		names, _, _ := unstructured.NestedStringSlice(serving.Object, "spec", "dnsNames")
		if want := []string{fn + "." + ns + ".svc", fn + "." + ns + ".svc.cluster.local"}; !slices.Equal(names, want) {
			t.Errorf("serving dnsNames %v, want %v", names, want)
		}
		for _, c := range []*unstructured.Unstructured{ca, serving} {
			duration, err1 := time.ParseDuration(str(c, "spec", "duration"))
			renew, err2 := time.ParseDuration(str(c, "spec", "renewBefore"))
			if err1 != nil || err2 != nil || renew < duration/5 || renew >= duration {
				t.Errorf("%s: duration %s renewBefore %s: renewal must start well before expiry", c.GetName(), duration, renew)
			}
		}
		if !mountsSecret(deployment(t, m, fn), str(serving, "spec", "secretName"), "/var/run/podpatterns/certs") {
			t.Error("the Deployment does not mount the serving Certificate's Secret")
		}
	})
}

func str(obj *unstructured.Unstructured, path ...string) string {
	s, _, _ := unstructured.NestedString(obj.Object, path...)
	return s
}

func boolField(obj *unstructured.Unstructured, path ...string) bool {
	b, _, _ := unstructured.NestedBool(obj.Object, path...)
	return b
}

func hasField(obj *unstructured.Unstructured, path ...string) bool {
	_, ok, _ := unstructured.NestedFieldNoCopy(obj.Object, path...)
	return ok
}

func TestOptionalObjects(t *testing.T) {
	forEachSet(t, func(t *testing.T, v valueSet, m *chartrender.Manifests) {
		monitoring := v.name == "examples"
		for kind, want := range map[string]bool{
			"NetworkPolicy":  true, // on by default (issue 23)
			"ServiceMonitor": monitoring,
			"PrometheusRule": monitoring,
		} {
			if got := m.Find(kind, v.fullname) != nil; got != want {
				t.Errorf("%s rendered = %v, want %v", kind, got, want)
			}
		}
	})
}

// TestPrometheusRule: the alerts exist and the certificate alerts use the metric the
// certs package exports.
func TestPrometheusRule(t *testing.T) {
	m := render(t, chartrender.Options{Values: map[string]any{"prometheusRule": map[string]any{"enabled": true}}})
	rule := m.Find("PrometheusRule", "podpatterns")
	groups, _, _ := unstructured.NestedSlice(rule.Object, "spec", "groups")
	exprs := map[string]string{}
	for _, g := range groups {
		rules, _, _ := unstructured.NestedSlice(g.(map[string]any), "rules")
		for _, r := range rules {
			r := r.(map[string]any)
			exprs[r["alert"].(string)] = r["expr"].(string)
		}
	}
	for alert, metric := range map[string]string{
		"PodpatternsCertificateExpiringSoon":   certs.MetricServingCertificateExpiry,
		"PodpatternsCertificateExpiryCritical": certs.MetricServingCertificateExpiry,
		"PodpatternsWebhookErrors":             "podpatterns_requests_total",
		"PodpatternsWebhookSlow":               "podpatterns_request_duration_seconds_bucket",
		"PodpatternsWebhookDown":               "up",
		"PodpatternsConfigReloadFailing":       webhook.MetricConfigLastReloadSuccessful,
		"PodpatternsConfigDroppedNames":        webhook.MetricConfigDropped,
	} {
		if !strings.Contains(exprs[alert], metric+`{job="podpatterns"`) {
			t.Errorf("alert %s expr %q does not select %s of this release", alert, exprs[alert], metric)
		}
	}
	// Down: no target at all (absent) counts as down, like every target at up == 0.
	if !strings.Contains(exprs["PodpatternsWebhookDown"], "or vector(0)) == 0") {
		t.Errorf("down alert does not cover absent series: %s", exprs["PodpatternsWebhookDown"])
	}
	if !strings.Contains(exprs["PodpatternsCertificateExpiringSoon"], "< 1209600") {
		t.Errorf("warning threshold is not 14 days: %s", exprs["PodpatternsCertificateExpiringSoon"])
	}
}

// TestKubeVersionConstraint: matchConditions and the native sleep preStop need 1.30.
func TestKubeVersionConstraint(t *testing.T) {
	if _, err := chartrender.Render(chartrender.Options{KubeVersion: "v1.29.9"}); err == nil || !strings.Contains(err.Error(), "kubeVersion") {
		t.Errorf("rendering for 1.29 = %v, want a kubeVersion error", err)
	}
	if _, err := chartrender.Render(chartrender.Options{KubeVersion: "v1.30.0"}); err != nil {
		t.Errorf("rendering for 1.30: %v", err)
	}
}
