package e2e

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/certs"
)

// servedSample is one look at a replica from the apiserver's side: a TLS handshake that
// trusts only the caBundle of the configuration calling that replica and verifies the
// URL's host, 127.0.0.1, followed by a scrape of the replica's expiry metric.
type servedSample struct {
	At        time.Time
	Replica   int
	Serial    string
	NotAfter  time.Time
	Issuer    string
	BundleCAs int
	// Metric is podpatterns_serving_certificate_expiry_timestamp_seconds (0: absent).
	Metric float64
	Err    error
}

// sample takes a servedSample of replica i.
func (r *selfManagedRelease) sample(ctx context.Context, i int) servedSample {
	s := servedSample{At: time.Now(), Replica: i}
	bundles, err := r.caBundles(ctx, i)
	if err != nil {
		s.Err = fmt.Errorf("reading the webhook configuration: %w", err)
		return s
	}
	for _, b := range bundles[1:] {
		if !bytes.Equal(b, bundles[0]) {
			s.Err = fmt.Errorf("the webhooks of one configuration carry different caBundles")
			return s
		}
	}
	s.BundleCAs = bytes.Count(bundles[0], []byte("BEGIN CERTIFICATE"))
	leaf, err := handshakeAsAPIServer(r.Replicas[i].URL, bundles[0])
	if err != nil {
		s.Err = fmt.Errorf("TLS handshake: %w", err)
		return s
	}
	s.Serial, s.NotAfter, s.Issuer = leaf.SerialNumber.Text(16), leaf.NotAfter, leaf.Issuer.CommonName
	s.Metric, _, s.Err = r.Replicas[i].MetricValue(certs.MetricServingCertificateExpiry)
	return s
}

// handshakeAsAPIServer connects to baseURL the way the apiserver calls a webhook by URL:
// trusting only bundle, verifying the URL's host, TLS 1.3 as the chart configures it. It
// returns the served leaf certificate.
func handshakeAsAPIServer(baseURL string, bundle []byte) (*x509.Certificate, error) {
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(bundle) {
		return nil, fmt.Errorf("the caBundle holds no certificate")
	}
	addr := strings.TrimPrefix(baseURL, "https://")
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", addr,
		&tls.Config{RootCAs: pool, ServerName: host, MinVersion: tls.VersionTLS13})
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	return conn.ConnectionState().PeerCertificates[0], nil
}

// admissionTally counts pod creations during the rotation.
type admissionTally struct {
	mu sync.Mutex
	// Admitted were stored; Unmutated of them lack what this installation's server
	// injects; Failed were refused (with failurePolicy Fail, a failed call is a refusal).
	Admitted, Unmutated, Failed int
	// Errors keeps the first failures and unmutated pods, for the report.
	Errors []string
}

func (a *admissionTally) record(pod *corev1.Pod, err error, revision string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch {
	case err != nil:
		a.Failed++
		a.keep(err.Error())
	case !mutatedBy(pod, revision):
		a.Admitted++
		a.Unmutated++
		a.keep("admitted without this server's mutation: " + toJSON(pod.ObjectMeta.Annotations))
	default:
		a.Admitted++
	}
}

func (a *admissionTally) keep(msg string) {
	if len(a.Errors) < 5 {
		a.Errors = append(a.Errors, msg)
	}
}

// rotationCreators create pods concurrently, so the apiserver holds several connections
// to the servers and opens new ones while certificates change.
const (
	rotationCreators = 2
	rotationPace     = 100 * time.Millisecond
)

// createPodsUntil creates a pod, checks it, waits rotationPace, until stop is closed.
// Each request has its own deadline: stopping never cancels a request in flight.
func createPodsUntil(stop <-chan struct{}, namespace, revision string, tally *admissionTally) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		pod, err := suite.Client.CoreV1().Pods(namespace).Create(ctx, rotationPod(), metav1.CreateOptions{})
		cancel()
		tally.record(pod, err, revision)
		select {
		case <-stop:
			return
		case <-time.After(rotationPace):
		}
	}
}

// rotationPod is a Guaranteed pod that the chart's default "standard" profile admits.
func rotationPod() *corev1.Pod {
	rl := corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("10m"), corev1.ResourceMemory: resource.MustParse("16Mi")}
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{GenerateName: "rotation-"},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{
			Name: "app", Image: "registry.example.com/app:1.0",
			Resources: corev1.ResourceRequirements{Requests: rl, Limits: rl},
		}}},
	}
}

// downwardAPIVolume is the volume the chart's default config injects when a namespace
// asks for the Downward API (podpatterns.io/downward-api: "true").
const downwardAPIVolume = "podinfo"

// mutatedBy: the pod carries the Downward API volume and a status written with this
// installation's config revision, so it went through this installation's server (the
// suite's own server runs another config and does not see the namespace).
func mutatedBy(pod *corev1.Pod, revision string) bool {
	st, ok := statusOf(pod)
	if !ok || st.Revision != revision {
		return false
	}
	for _, v := range pod.Spec.Volumes {
		if v.Name == downwardAPIVolume {
			return true
		}
	}
	return false
}

// rotationRun is what happened while the certificates rotated under load.
type rotationRun struct {
	Samples []servedSample
	Tally   *admissionTally
	Took    time.Duration
}

// rotateUnderLoad creates pods continuously and samples both replicas every 250 ms until
// the rotation has gone full circle for both (a second CA joined the bundle, served
// certificates came from it, and the first CA left) or the CA lifetime plus 30 s passed.
func (r *selfManagedRelease) rotateUnderLoad(namespace, revision string) rotationRun {
	begin := time.Now()
	tally := &admissionTally{}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range rotationCreators {
		wg.Go(func() { createPodsUntil(stop, namespace, revision, tally) })
	}
	var samples []servedSample
	deadline := r.Started.Add(rotationCAValidity + 30*time.Second)
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	sampleAll := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		for i := range r.Replicas {
			samples = append(samples, r.sample(ctx, i))
		}
	}
	for time.Now().Before(deadline) && !fullCircle(samples, len(r.Replicas)) {
		<-tick.C
		sampleAll()
	}
	// The replicas are sampled one after the other, so a renewal between the two
	// samples of the last round shows on one replica only: sample on until the last
	// round agrees (a replica that never catches up fails the comparison later).
	for settle := time.Now().Add(rotationSettle); time.Now().Before(settle) && !lastRoundAgrees(samples, len(r.Replicas)); {
		<-tick.C
		sampleAll()
	}
	close(stop)
	wg.Wait()
	return rotationRun{Samples: samples, Tally: tally, Took: time.Since(begin)}
}

// rotationSettle bounds the sampling after the full circle until every replica serves
// the same certificate: a replica picks up the Secret's renewal within a watch event.
const rotationSettle = 10 * time.Second

// lastRoundAgrees: the last sample of every replica shows the same serial.
func lastRoundAgrees(samples []servedSample, replicas int) bool {
	if len(samples) < replicas {
		return false
	}
	last := samples[len(samples)-replicas:]
	for _, s := range last {
		if s.Err != nil || s.Serial != last[0].Serial {
			return false
		}
	}
	return true
}

// fullCircle: every replica was seen with two CAs in its bundle, then with one again,
// serving a certificate from another CA than at first.
func fullCircle(samples []servedSample, replicas int) bool {
	for i := range replicas {
		h := historyOf(samples, i)
		if !h.overlapSeen || !h.overlapEnded || len(h.issuers) < 2 {
			return false
		}
	}
	return true
}

// replicaHistory summarizes the samples of one replica.
type replicaHistory struct {
	serials, issuers []string
	// notAfter of each serial.
	notAfter map[string]time.Time
	// metricMatched: the expiry metric equalled the serial's NotAfter in some sample.
	metricMatched map[string]bool
	maxBundle     int
	lastBundle    int
	overlapSeen   bool
	overlapEnded  bool
	errors        []string
}

func historyOf(samples []servedSample, replica int) replicaHistory {
	h := replicaHistory{notAfter: map[string]time.Time{}, metricMatched: map[string]bool{}}
	for _, s := range samples {
		if s.Replica != replica {
			continue
		}
		if s.Err != nil {
			h.errors = append(h.errors, s.At.Format("15:04:05.000")+": "+s.Err.Error())
			continue
		}
		if _, seen := h.notAfter[s.Serial]; !seen {
			h.serials = append(h.serials, s.Serial)
			h.notAfter[s.Serial] = s.NotAfter
		}
		if len(h.issuers) == 0 || h.issuers[len(h.issuers)-1] != s.Issuer {
			h.issuers = append(h.issuers, s.Issuer)
		}
		h.metricMatched[s.Serial] = h.metricMatched[s.Serial] || s.Metric == float64(s.NotAfter.Unix())
		h.maxBundle, h.lastBundle = max(h.maxBundle, s.BundleCAs), s.BundleCAs
		h.overlapSeen = h.overlapSeen || s.BundleCAs == 2
		h.overlapEnded = h.overlapEnded || (h.overlapSeen && s.BundleCAs == 1)
	}
	return h
}
