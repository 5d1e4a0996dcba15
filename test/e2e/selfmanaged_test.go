package e2e

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/certs"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/cluster"
)

// TestSelfManagedCertificates runs the chart's self-managed certificate mode for real: a
// second installation (the self-managed render, its own release namespace, two replicas
// of `podpatterns serve` with the chart's flags and RBAC) bootstraps its CA and serving
// certificate into one Secret, patches the caBundle of its two webhook configurations,
// admits pods through them, and then goes through a whole CA lifetime in about a minute
// while pods are created continuously with failurePolicy Fail: no admission may fail,
// the served certificate must change (serial, NotAfter, then the CA), and the expiry
// metric must follow it.
func TestSelfManagedCertificates(t *testing.T) {
	t.Parallel()
	begin := time.Now()
	podNS := selfManagedPodNamespace
	err := cluster.EnsureNamespace(ctxFor(t), suite.Client, podNS,
		map[string]string{mutators.LabelInject: mutators.InjectEnabled, mutators.LabelProfile: "standard"},
		map[string]string{mutators.AnnotationDownwardAPI: "true"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { // about a thousand Pending pods nobody needs afterwards
		_ = suite.Client.CoreV1().Pods(podNS).DeleteCollection(context.Background(), metav1.DeleteOptions{}, metav1.ListOptions{})
	})
	r := installSelfManaged(t, podNS)
	installed := time.Since(begin)

	secret := r.assertBootstrapped(t)
	bootstrapped := time.Since(r.Started)
	revision := configRevision(t, r.Replicas[0])
	eventually(t, 20*time.Second, "a pod admitted through the self-managed server", func() (bool, string) {
		pod, _, err := createPod(t, podNS, rotationPod(), metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
		if err != nil {
			return false, err.Error()
		}
		return mutatedBy(pod, revision), "not mutated: " + toJSON(pod.Annotations)
	})
	firstAdmission := time.Since(r.Started)

	run := r.rotateUnderLoad(podNS, revision)
	r.assertRotation(t, run)
	r.assertServerCounted(t, run.Tally.Admitted)
	logf("self-managed certificates: installed in %s; Secret %s/%s and both caBundles patched %s after start, first pod admitted after %s; "+
		"rotation under load %s: %d pods admitted, %d failed, %d unmutated; %s; total %s",
		round(installed), r.Namespace, secret.Name, round(bootstrapped), round(firstAdmission),
		round(run.Took), run.Tally.Admitted, run.Tally.Failed, run.Tally.Unmutated, r.summary(run), since(begin))
}

// assertBootstrapped waits until both replicas serve the Secret's certificate and both
// configurations trust its CA, then checks the Secret's content.
func (r *selfManagedRelease) assertBootstrapped(t *testing.T) *corev1.Secret {
	t.Helper()
	var secret *corev1.Secret
	eventually(t, 20*time.Second, "bootstrap: Secret created, caBundles patched, replicas serving it", func() (bool, string) {
		var err error
		secret, err = suite.Client.CoreV1().Secrets(r.Namespace).Get(ctxFor(t), r.SecretName, metav1.GetOptions{})
		if err != nil {
			return false, err.Error()
		}
		for i := range r.Replicas {
			bundles, err := r.caBundles(ctxFor(t), i)
			if err != nil {
				return false, err.Error()
			}
			for _, b := range bundles {
				if string(b) != string(secret.Data[certs.KeyCABundle]) {
					return false, fmt.Sprintf("replica %d's configuration has a caBundle of %d bytes, the Secret's ca.crt has %d", i, len(b), len(secret.Data[certs.KeyCABundle]))
				}
			}
			if s := r.sample(ctxFor(t), i); s.Err != nil || s.Serial != serialOf(t, secret.Data[certs.KeyServingCert]) {
				return false, fmt.Sprintf("replica %d serves %s (%v), the Secret holds %s", i, s.Serial, s.Err, serialOf(t, secret.Data[certs.KeyServingCert]))
			}
		}
		return true, ""
	})
	r.assertSecret(t, secret)
	return secret
}

// assertSecret: one kubernetes.io/tls Secret with the four keys, exactly one CA although
// two replicas raced to create it, and a serving certificate for the Service names and
// the extra SAN 127.0.0.1, issued by that CA.
func (r *selfManagedRelease) assertSecret(t *testing.T, secret *corev1.Secret) {
	t.Helper()
	if secret.Type != corev1.SecretTypeTLS || secret.Labels[certs.LabelManagedBy] == "" {
		t.Errorf("secret type %q labels %v", secret.Type, secret.Labels)
	}
	for _, k := range []string{certs.KeyServingCert, certs.KeyServingKey, certs.KeyCABundle, certs.KeyCAKey} {
		if len(secret.Data[k]) == 0 {
			t.Errorf("secret has no %s", k)
		}
	}
	cas := parsePEMCerts(t, secret.Data[certs.KeyCABundle])
	if len(cas) != 1 {
		t.Fatalf("ca.crt holds %d CAs after two replicas bootstrapped, want 1", len(cas))
	}
	leaf := parsePEMCerts(t, secret.Data[certs.KeyServingCert])[0]
	if err := leaf.CheckSignatureFrom(cas[0]); err != nil {
		t.Errorf("serving certificate not issued by the CA: %v", err)
	}
	// Every name the apiserver may dial the Service by, in order, and the extra IP SAN.
	svc := r.ServiceName + "." + r.Namespace + ".svc"
	wantDNS := []string{r.ServiceName, r.ServiceName + "." + r.Namespace, svc, svc + ".cluster.local"}
	if !slices.Equal(leaf.DNSNames, wantDNS) || len(leaf.IPAddresses) != 1 || !leaf.IPAddresses[0].Equal(net.IPv4(127, 0, 0, 1)) {
		t.Errorf("serving certificate SANs DNS %v IP %v, want exactly %v and 127.0.0.1", leaf.DNSNames, leaf.IPAddresses, wantDNS)
	}
	if got := leaf.NotAfter.Sub(leaf.NotBefore); got < rotationValidity || got > rotationValidity+10*time.Minute {
		t.Errorf("serving certificate lives %s, want the chart's selfManagedCerts.validity %s (+ backdating)", got, rotationValidity)
	}
}

// assertRotation checks the samples and the admissions of the rotation.
func (r *selfManagedRelease) assertRotation(t *testing.T, run rotationRun) {
	t.Helper()
	if run.Tally.Failed > 0 || run.Tally.Unmutated > 0 {
		t.Errorf("%d of %d pod creations failed and %d were admitted unmutated during the rotation; first: %q",
			run.Tally.Failed, run.Tally.Failed+run.Tally.Admitted, run.Tally.Unmutated, run.Tally.Errors)
	}
	if run.Tally.Admitted < 100 {
		t.Errorf("only %d pods admitted during %s: the load was too thin to prove anything", run.Tally.Admitted, run.Took)
	}
	var serials [][]string
	for i := range r.Replicas {
		h := historyOf(run.Samples, i)
		if len(h.errors) > 0 {
			t.Errorf("replica %d: %d of the apiserver-side handshakes failed; first: %s", i, len(h.errors), h.errors[0])
		}
		if !h.overlapSeen || !h.overlapEnded || len(h.issuers) != 2 || h.lastBundle != 1 {
			t.Errorf("replica %d: CA rotation incomplete within %s: issuers %v, bundle max %d last %d", i, run.Took, h.issuers, h.maxBundle, h.lastBundle)
		}
		// Bootstrap, at least two renewals by the first CA, one by the second.
		if len(h.serials) < 4 {
			t.Errorf("replica %d served %d certificates, want at least 4", i, len(h.serials))
		}
		for _, s := range h.serials {
			if !h.metricMatched[s] {
				t.Errorf("replica %d: %s never equalled the NotAfter (%s) of served certificate %s",
					i, certs.MetricServingCertificateExpiry, h.notAfter[s].UTC().Format(time.RFC3339), s)
			}
		}
		serials = append(serials, h.serials)
	}
	if !slices.Equal(serials[0], serials[1]) {
		t.Errorf("the replicas served different certificates: %v and %v", serials[0], serials[1])
	}
}

// assertServerCounted: the servers' own counters saw at least every admitted pod, each
// on the webhook it serves: replica 0 the mutating calls, replica 1 the validating ones.
func (r *selfManagedRelease) assertServerCounted(t *testing.T, admitted int) {
	t.Helper()
	const requests = "podpatterns_requests_total"
	for i, want := range []string{`webhook="mutate"`, `webhook="validate"`} {
		v, _, err := r.Replicas[i].MetricValue(requests, want)
		if err != nil {
			t.Fatal(err)
		}
		if int(v) < admitted {
			t.Errorf("replica %d counted %v %s requests, fewer than the %d pods admitted", i, v, want, admitted)
		}
	}
}

// summary describes the rotation from replica 0's samples and both replicas' logs.
func (r *selfManagedRelease) summary(run rotationRun) string {
	h := historyOf(run.Samples, 0)
	var notAfters []string
	for _, s := range h.serials {
		notAfters = append(notAfters, h.notAfter[s].Sub(r.Started).Round(time.Second).String())
	}
	return fmt.Sprintf("%d samples; %d served certificates (NotAfter at start+%s), %d CAs, bundle max %d; secret writes %d, lost races %d",
		len(run.Samples), len(h.serials), strings.Join(notAfters, ","), len(h.issuers), h.maxBundle,
		r.logCount("certificate secret updated"), r.logCount("another replica wrote the certificate secret first"))
}

// logCount counts the lines of both replicas' logs that contain msg.
func (r *selfManagedRelease) logCount(msg string) int {
	n := 0
	for _, p := range r.LogPaths {
		data, err := os.ReadFile(p)
		if err == nil {
			n += strings.Count(string(data), msg)
		}
	}
	return n
}

// configRevision is the config revision a server reports in podpatterns_config_info.
func configRevision(t *testing.T, srv *cluster.Server) string {
	t.Helper()
	text, err := srv.Metrics()
	if err != nil {
		t.Fatal(err)
	}
	m := configInfo.FindAllStringSubmatch(text, -1)
	if len(m) != 1 {
		t.Fatalf("want one podpatterns_config_info series, got %d", len(m))
	}
	return m[0][1]
}

func parsePEMCerts(t *testing.T, data []byte) []*x509.Certificate {
	t.Helper()
	var out []*x509.Certificate
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			return out
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
}

func serialOf(t *testing.T, certPEM []byte) string {
	t.Helper()
	return parsePEMCerts(t, certPEM)[0].SerialNumber.Text(16)
}
