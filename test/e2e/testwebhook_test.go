package e2e

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	"github.com/podpatterns/podpatterns/test/cluster"
)

// serveTestWebhook serves h over TLS on loopback and registers it as the mutating
// webhook name (configuration configName) for pod creations in namespaces labelled
// label=enabled, failurePolicy Fail, with reinvocation; both are removed when the test
// ends. The suite's other mutating webhooks (a mesh injector, an agent) use it.
func serveTestWebhook(t *testing.T, h http.Handler, configName, name, label string, reinvocation admissionregistrationv1.ReinvocationPolicyType) {
	t.Helper()
	cert, err := cluster.NewServingCert("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	pair, err := tls.X509KeyPair(cert.CertPEM, cert.KeyPEM)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{pair}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	cfg := &admissionregistrationv1.MutatingWebhookConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: configName},
		Webhooks: []admissionregistrationv1.MutatingWebhook{{
			Name:                    name,
			ClientConfig:            admissionregistrationv1.WebhookClientConfig{URL: ptr.To(srv.URL + "/mutate"), CABundle: cert.CAPEM},
			Rules:                   podCreateRules(),
			NamespaceSelector:       &metav1.LabelSelector{MatchLabels: map[string]string{label: "enabled"}},
			FailurePolicy:           ptr.To(admissionregistrationv1.Fail),
			SideEffects:             ptr.To(admissionregistrationv1.SideEffectClassNone),
			AdmissionReviewVersions: []string{"v1"},
			ReinvocationPolicy:      ptr.To(reinvocation),
		}},
	}
	configs := suite.Client.AdmissionregistrationV1().MutatingWebhookConfigurations()
	if _, err := configs.Create(ctxFor(t), cfg, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = configs.Delete(ctxFor(t), cfg.Name, metav1.DeleteOptions{}) })
}
