package webhook

import (
	"crypto/tls"
	"crypto/x509"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	admissionv1 "k8s.io/api/admission/v1"
)

// kubeletSecretDir lays out a Secret volume the way the kubelet does: the files are
// symlinks through ..data, which is swapped atomically on every update.
type kubeletSecretDir struct{ dir string }

// publish writes a new serving certificate as version n and swaps ..data to it.
func (k kubeletSecretDir) publish(t *testing.T, n int) *x509.CertPool {
	t.Helper()
	version := filepath.Join(k.dir, "..v"+string(rune('0'+n)))
	if err := os.Mkdir(version, 0o755); err != nil {
		t.Fatal(err)
	}
	pool := writeServingCert(t, version)
	tmp := filepath.Join(k.dir, "..data_tmp")
	if err := os.Symlink(filepath.Base(version), tmp); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(k.dir, "..data")); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"tls.crt", "tls.key"} {
		link := filepath.Join(k.dir, f)
		if _, err := os.Lstat(link); os.IsNotExist(err) {
			if err := os.Symlink(filepath.Join("..data", f), link); err != nil {
				t.Fatal(err)
			}
		}
	}
	return pool
}

// TestCertDirRotationUnderLoad: cert-manager renews the Secret, the kubelet swaps the
// files; requests running throughout (a new TLS connection each) never fail, and the
// new certificate's serial is served.
func TestCertDirRotationUnderLoad(t *testing.T) {
	k := kubeletSecretDir{dir: t.TempDir()}
	oldPool := k.publish(t, 1)
	ts := startLiveServer(t, Options{CertDir: k.dir})
	serial := func() *big.Int {
		conn, err := tls.Dial("tcp", ts.url("")[len("https://"):], &tls.Config{InsecureSkipVerify: true}) //nolint:gosec // reading the serial only
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		return conn.ConnectionState().PeerCertificates[0].SerialNumber
	}
	before := serial()

	trusted := oldPool.Clone()
	var newPool *x509.CertPool
	var mu sync.Mutex
	body := reviewBody(t, admissionv1.Create, "pods", podJSON(t))
	stop := make(chan struct{})
	var failed, served atomic.Int64
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 2000; i++ {
				select {
				case <-stop:
					return
				default:
				}
				mu.Lock()
				pool := trusted
				mu.Unlock()
				c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true,
					TLSClientConfig: &tls.Config{RootCAs: pool}}}
				if status, resp, err := postReview(c, ts.url("/mutate"), body); err != nil || status != http.StatusOK || resp == nil || !resp.Allowed {
					failed.Add(1)
					t.Errorf("request during rotation: status %d err %v", status, err)
				}
				served.Add(1)
			}
		}()
	}
	time.Sleep(300 * time.Millisecond)
	// The apiserver trusts old and new before the swap (cert-manager's CA bundle); here
	// both self-signed certificates.
	newPool = k.publishTrusting(t, 2, &mu, &trusted)
	// controller-runtime's certwatcher sees a ..data swap by fsnotify or, at the latest,
	// its 10 s poll.
	for deadline := time.Now().Add(30 * time.Second); serial().Cmp(before) == 0; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the new certificate was not served within 30s")
		}
	}
	time.Sleep(300 * time.Millisecond)
	close(stop)
	wg.Wait()
	if failed.Load() != 0 || served.Load() == 0 {
		t.Errorf("%d of %d requests failed during the rotation", failed.Load(), served.Load())
	}
	_ = newPool
}

// publishTrusting adds the new certificate to the clients' trust before swapping it in.
func (k kubeletSecretDir) publishTrusting(t *testing.T, n int, mu *sync.Mutex, trusted **x509.CertPool) *x509.CertPool {
	t.Helper()
	version := filepath.Join(k.dir, "..v"+string(rune('0'+n)))
	if err := os.Mkdir(version, 0o755); err != nil {
		t.Fatal(err)
	}
	pool := writeServingCert(t, version)
	certPEM, err := os.ReadFile(filepath.Join(version, "tls.crt"))
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	both := (*trusted).Clone()
	both.AppendCertsFromPEM(certPEM)
	*trusted = both
	mu.Unlock()
	tmp := filepath.Join(k.dir, "..data_tmp")
	if err := os.Symlink(filepath.Base(version), tmp); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(k.dir, "..data")); err != nil {
		t.Fatal(err)
	}
	return pool
}
