package certs

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math/big"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes"
	k8stesting "k8s.io/client-go/testing"
	clocktesting "k8s.io/utils/clock/testing"
)

// newTestManager is a Manager on client with shortOptions and the fake clock clk.
func newTestManager(t *testing.T, client kubernetes.Interface, clk *clocktesting.FakeClock) *Manager {
	t.Helper()
	opts := shortOptions()
	opts.Client = client
	opts.Clock = clk
	m, err := NewManager(opts)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func mustSync(t *testing.T, m *Manager) {
	t.Helper()
	if err := m.Sync(context.Background()); err != nil {
		t.Fatalf("sync: %v", err)
	}
}

func TestBootstrap(t *testing.T) {
	api := newFakeAPI(t)
	m := newTestManager(t, api, clocktesting.NewFakeClock(t0))
	if m.Ready() {
		t.Fatal("ready before the first sync")
	}
	if _, err := m.GetCertificate(nil); !errors.Is(err, ErrNotReady) {
		t.Fatalf("GetCertificate before sync: err = %v, want ErrNotReady", err)
	}
	mustSync(t, m)

	if !m.Ready() {
		t.Fatal("not ready after sync")
	}
	secret := api.secret(t)
	for _, key := range []string{KeyServingCert, KeyServingKey, KeyCABundle, KeyCAKey} {
		if len(secret.Data[key]) == 0 {
			t.Errorf("secret has no %s", key)
		}
	}
	if secret.Labels[LabelManagedBy] != managedByValue {
		t.Errorf("secret labels = %v", secret.Labels)
	}
	for i, b := range api.caBundles(t) {
		if !bytes.Equal(b, secret.Data[KeyCABundle]) {
			t.Errorf("webhook %d caBundle differs from the secret's ca.crt", i)
		}
	}
	cert, _ := m.GetCertificate(nil)
	wantNames := []string{"podpatterns", "podpatterns.podpatterns-system", "podpatterns.podpatterns-system.svc", "podpatterns.podpatterns-system.svc.cluster.local"}
	if got := cert.Leaf.DNSNames; !slices.Equal(got, wantNames) { // every name, in order
		t.Errorf("DNS names = %v, want %v", got, wantNames)
	}
	if !m.NotAfter().Equal(cert.Leaf.NotAfter) {
		t.Errorf("NotAfter = %s, want %s", m.NotAfter(), cert.Leaf.NotAfter)
	}

	// Steady state: a second sync writes nothing.
	mustSync(t, m)
	if creates, updates := api.counts("secrets"); creates != 1 || updates != 0 {
		t.Errorf("secret creates/updates = %d/%d, want 1/0", creates, updates)
	}
	if _, updates := api.counts("mutatingwebhookconfigurations"); updates != 1 {
		t.Errorf("mutating configuration updated %d times, want 1", updates)
	}
}

// TestReplicasRaceForTheSecret: two replicas read "no secret" at the same moment and both
// create one; the loser must adopt the winner's instead of failing or overwriting it.
func TestReplicasRaceForTheSecret(t *testing.T) {
	api := newFakeAPI(t)
	clk := clocktesting.NewFakeClock(t0)
	client := racing(api)
	a, b := newTestManager(t, client, clk), newTestManager(t, client, clk)
	client.arm(2)
	syncBoth(t, a, b)

	if creates, updates := api.counts("secrets"); creates != 1 || updates != 0 {
		t.Errorf("secret creates/updates = %d/%d, want 1/0", creates, updates)
	}
	assertSameServing(t, a, b)
	if n := len(parseCerts(api.secret(t).Data[KeyCABundle])); n != 1 {
		t.Errorf("bundle has %d CAs, want 1", n)
	}
}

// TestReplicasRaceToRotate: both replicas see the CA due for rotation at once; exactly
// one new CA may result (the loser's Update conflicts, it re-reads and finds it done).
func TestReplicasRaceToRotate(t *testing.T) {
	api := newFakeAPI(t)
	clk := clocktesting.NewFakeClock(t0)
	client := racing(api)
	a, b := newTestManager(t, client, clk), newTestManager(t, client, clk)
	mustSync(t, a)
	mustSync(t, b)
	clk.Step(25 * time.Minute) // renew the serving certificate so it outlives the CA rotation
	mustSync(t, a)
	mustSync(t, b)
	clk.Step(16 * time.Minute) // t0+41m: CA has 19m left
	client.arm(2)
	syncBoth(t, a, b)

	if n := len(parseCerts(api.secret(t).Data[KeyCABundle])); n != 2 {
		t.Errorf("bundle has %d CAs after a racing rotation, want 2 (old + one new)", n)
	}
	if _, updates := api.counts("secrets"); updates != 2 {
		t.Errorf("secret updated %d times, want 2 (serving renewal, CA rotation)", updates)
	}
	assertSameServing(t, a, b)
}

func syncBoth(t *testing.T, a, b *Manager) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, m := range []*Manager{a, b} {
		wg.Go(func() { errs[i] = m.Sync(context.Background()) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("racing syncs: %v", err)
	}
}

func assertSameServing(t *testing.T, a, b *Manager) {
	t.Helper()
	ca, _ := a.GetCertificate(nil)
	cb, _ := b.GetCertificate(nil)
	if ca == nil || cb == nil || ca.Leaf.SerialNumber.Cmp(cb.Leaf.SerialNumber) != 0 {
		t.Error("the replicas serve different certificates")
	}
	if !bytes.Equal(a.CABundle(), b.CABundle()) {
		t.Error("the replicas publish different CA bundles")
	}
}

// TestRotationOverTheCALifetime walks a whole CA lifetime with short validities and, at
// every step, checks that a client trusting only the webhook configurations' caBundle can
// complete a real TLS handshake with the certificate served over one listener that is
// never restarted, and that old and new CA overlap in the bundle.
func TestRotationOverTheCALifetime(t *testing.T) {
	api := newFakeAPI(t)
	clk := clocktesting.NewFakeClock(t0)
	m := newTestManager(t, api, clk)
	mustSync(t, m)
	addr := serveTLS(t, m)

	steps := []struct {
		at      time.Duration // after t0
		wantCAs int
		// newSerial: the served certificate changed at this step.
		newSerial bool
	}{
		{at: time.Minute, wantCAs: 1},
		{at: 25 * time.Minute, wantCAs: 1, newSerial: true},                // serving renewed, same CA
		{at: 41 * time.Minute, wantCAs: 2},                                 // new CA joins, serving kept
		{at: 41*time.Minute + 30*time.Second, wantCAs: 2},                  // still propagating
		{at: 42*time.Minute + 30*time.Second, wantCAs: 2, newSerial: true}, // serving from the new CA
		{at: 59 * time.Minute, wantCAs: 2},                                 // overlap continues
		{at: 61 * time.Minute, wantCAs: 1},                                 // old CA expired, dropped
	}
	serial := handshake(t, addr, api, clk.Now())
	for _, step := range steps {
		clk.SetTime(t0.Add(step.at))
		mustSync(t, m)
		bundle := api.caBundles(t)[0]
		if n := len(parseCerts(bundle)); n != step.wantCAs {
			t.Errorf("t0+%s: caBundle has %d CAs, want %d", step.at, n, step.wantCAs)
		}
		got := handshake(t, addr, api, clk.Now())
		if changed := got.Cmp(serial) != 0; changed != step.newSerial {
			t.Errorf("t0+%s: served certificate changed = %v, want %v", step.at, changed, step.newSerial)
		}
		serial = got
	}
}

// serveTLS listens on loopback with m.GetCertificate and completes handshakes until the
// test ends.
func serveTLS(t *testing.T, m *Manager) string {
	t.Helper()
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{GetCertificate: m.GetCertificate, MinVersion: tls.VersionTLS12})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer func() { _ = conn.Close() }()
				_ = conn.(*tls.Conn).Handshake()
				_, _ = conn.Read(make([]byte, 1))
			}()
		}
	}()
	return ln.Addr().String()
}

// handshake connects like the apiserver does: trusting only the caBundle of the webhook
// configuration, verifying the Service's DNS name at time now. It returns the serial of
// the certificate served.
func handshake(t *testing.T, addr string, api *fakeAPI, now time.Time) *big.Int {
	t.Helper()
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(api.caBundles(t)[0]) {
		t.Fatal("webhook caBundle holds no certificate")
	}
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	conn, err := tls.DialWithDialer(dialer, "tcp", addr, &tls.Config{
		RootCAs:    pool,
		ServerName: testService + "." + testNamespace + ".svc",
		Time:       func() time.Time { return now },
		MinVersion: tls.VersionTLS12,
	})
	if err != nil {
		t.Fatalf("handshake at %s: %v", now, err)
	}
	defer func() { _ = conn.Close() }()
	return conn.ConnectionState().PeerCertificates[0].SerialNumber
}

// TestStartLoop: Start survives an unreachable apiserver by retrying after RetryInterval,
// picks up a due renewal on its resync timer, and returns nil on cancellation.
func TestStartLoop(t *testing.T) {
	api := newFakeAPI(t)
	failures := 1
	api.PrependReactor("get", "secrets", func(k8stesting.Action) (bool, runtime.Object, error) {
		if failures > 0 {
			failures--
			return true, nil, errors.New("connection refused")
		}
		return false, nil, nil
	})
	clk := clocktesting.NewFakeClock(t0)
	m := newTestManager(t, api, clk)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Start(ctx) }()

	waitFor(t, "the retry timer", clk.HasWaiters)
	if m.Ready() {
		t.Fatal("ready although the first sync failed")
	}
	clk.Step(m.opts.RetryInterval)
	waitFor(t, "the first certificate", m.Ready)

	waitFor(t, "the resync timer", clk.HasWaiters)
	before := m.NotAfter()
	clk.Step(25 * time.Minute) // fires the resync timer with the serving certificate due
	waitFor(t, "the renewed certificate", func() bool { return m.NotAfter().After(before) })

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Start returned %v on cancellation", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Start did not return after cancellation")
	}
}

// waitFor polls cond in real time; the manager's own waits run on the fake clock.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestStartRetriesUntilWebhookConfigurationsExist: Helm creates the webhook
// configurations after the Deployment, so the first syncs cannot patch them; the caBundle
// must land after RetryInterval, not after a full ResyncInterval.
func TestStartRetriesUntilWebhookConfigurationsExist(t *testing.T) {
	api := newFakeAPI(t)
	mgvr := admissionregistrationv1.SchemeGroupVersion.WithResource("mutatingwebhookconfigurations")
	stored, err := api.Tracker().Get(mgvr, "", testWebhooks)
	if err != nil {
		t.Fatal(err)
	}
	if err := api.Tracker().Delete(mgvr, "", testWebhooks); err != nil {
		t.Fatal(err)
	}
	clk := clocktesting.NewFakeClock(t0)
	m := newTestManager(t, api, clk)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = m.Start(ctx) }()

	waitFor(t, "the first certificate", m.Ready)
	waitFor(t, "the retry timer", clk.HasWaiters)
	if err := api.Tracker().Add(stored); err != nil {
		t.Fatal(err)
	}
	clk.Step(m.opts.RetryInterval)
	waitFor(t, "the caBundle", func() bool { return len(api.caBundles(t)[0]) > 0 })
}
