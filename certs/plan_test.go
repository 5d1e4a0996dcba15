package certs

import (
	"crypto/x509"
	"slices"
	"testing"
	"time"

	"k8s.io/client-go/kubernetes/fake"
)

// t0 is the bootstrap time of every plan case; the fixed date keeps failures readable.
var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// shortOptions are rotation durations short enough to walk a whole CA lifetime in a test:
// a CA lives 1h and rotates at 40m, a serving certificate lives 30m and renews at 20m.
func shortOptions() Options {
	o := Options{
		Client:           fake.NewClientset(),
		Namespace:        testNamespace,
		SecretName:       testSecret,
		ServiceName:      testService,
		CAValidity:       time.Hour,
		CARenewBefore:    20 * time.Minute,
		Validity:         30 * time.Minute,
		RenewBefore:      10 * time.Minute,
		PropagationDelay: time.Minute,
	}
	o.MutatingWebhookConfiguration, o.ValidatingWebhookConfiguration = testWebhooks, testWebhooks
	o.Default()
	return o
}

// fixture builds the Secret states the plan cases start from.
type fixture struct {
	t    *testing.T
	opts Options
}

func (f fixture) ca(at time.Time) *keyPair {
	ca, err := newCA(at, f.opts.CAValidity)
	if err != nil {
		f.t.Fatal(err)
	}
	return ca
}

func (f fixture) serving(ca *keyPair, at time.Time, names ...string) *keyPair {
	if len(names) == 0 {
		names = f.opts.dnsNames()
	}
	s, err := newServing(ca, names, at, f.opts.Validity)
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

// fresh is a bootstrapped state: one CA and a serving certificate, both issued at t0.
func (f fixture) fresh() material { return f.renewed(0) }

// renewed is a CA issued at t0 and a serving certificate it issued at t0+after.
func (f fixture) renewed(after time.Duration) material {
	ca := f.ca(t0)
	return material{CAs: []*x509.Certificate{ca.Cert}, CA: ca, Serving: f.serving(ca, t0.Add(after))}
}

// rotated is the state right after a CA rotation at t0+40m: new CA first, old CA kept,
// serving (renewed at t0+25m) still from the old CA.
func (f fixture) rotated() material {
	old := f.renewed(25 * time.Minute)
	ca := f.ca(t0.Add(40 * time.Minute))
	return material{CAs: []*x509.Certificate{ca.Cert, old.CA.Cert}, CA: ca, Serving: old.Serving}
}

func TestPlan(t *testing.T) {
	f := fixture{t: t, opts: shortOptions()}
	tests := []struct {
		name      string
		state     func() material
		at        time.Duration // after t0
		installed bool          // the newest CA is in the webhook configurations
		want      []Reason
		wantCAs   int
		// servingFromNewest: the resulting serving certificate is signed by the newest CA.
		servingFromNewest bool
	}{
		{name: "empty secret bootstraps CA and serving", state: func() material { return material{} },
			want: []Reason{ReasonCAMissing, ReasonServingMissing}, wantCAs: 1, servingFromNewest: true},
		{name: "fresh state needs nothing", state: f.fresh, at: time.Minute, installed: true,
			wantCAs: 1, servingFromNewest: true},
		{name: "serving due for renewal is renewed by the same CA", state: f.fresh, at: 25 * time.Minute, installed: true,
			want: []Reason{ReasonServingExpiring}, wantCAs: 1, servingFromNewest: true},
		{name: "serving due for renewal waits while the CA is not installed", state: f.fresh, at: 25 * time.Minute,
			wantCAs: 1, servingFromNewest: true},
		{name: "expired serving is replaced even if not installed", state: f.fresh, at: 31 * time.Minute,
			want: []Reason{ReasonServingMissing}, wantCAs: 1, servingFromNewest: true},
		{name: "expiring CA gets a successor next to it, serving kept",
			state: func() material { return f.renewed(25 * time.Minute) }, at: 41 * time.Minute, installed: true,
			want: []Reason{ReasonCAExpiring}, wantCAs: 2, servingFromNewest: false},
		{name: "new CA not propagated yet: serving from old CA kept",
			state: f.rotated, at: 40*time.Minute + 30*time.Second, installed: true,
			wantCAs: 2, servingFromNewest: false},
		{name: "new CA old enough but not installed by this replica: serving kept",
			state: f.rotated, at: 42 * time.Minute,
			wantCAs: 2, servingFromNewest: false},
		{name: "new CA propagated: serving re-issued from it, old CA still trusted",
			state: f.rotated, at: 42 * time.Minute, installed: true,
			want: []Reason{ReasonServingOldCA}, wantCAs: 2, servingFromNewest: true},
		{name: "expired old CA leaves the bundle",
			state: func() material {
				m := f.rotated()
				m.Serving = f.serving(m.CA, t0.Add(42*time.Minute))
				return m
			}, at: 61 * time.Minute, installed: true,
			want: []Reason{ReasonCAExpired}, wantCAs: 1, servingFromNewest: true},
		{name: "service renamed: serving re-issued at once",
			state: func() material { m := f.fresh(); m.Serving = f.serving(m.CA, t0, "old-name.ns.svc"); return m }, at: time.Minute,
			want: []Reason{ReasonServingNames}, wantCAs: 1, servingFromNewest: true},
		{name: "lost CA key: new CA joins, serving from old CA kept until propagated",
			state: func() material { m := f.fresh(); m.CA = nil; return m }, at: time.Minute, installed: true,
			want: []Reason{ReasonCAMissing}, wantCAs: 2, servingFromNewest: false},
		{name: "serving signed by a CA outside the bundle is replaced",
			state: func() material { m := f.fresh(); m.Serving = f.serving(f.ca(t0), t0); return m }, at: time.Minute,
			want: []Reason{ReasonServingMissing}, wantCAs: 1, servingFromNewest: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur := tt.state()
			p := planner{now: t0.Add(tt.at), opts: &f.opts, installed: func(*x509.Certificate) bool { return tt.installed }}
			next, reasons, err := p.plan(cur)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(reasons, tt.want) {
				t.Errorf("reasons = %v, want %v", reasons, tt.want)
			}
			if len(next.CAs) != tt.wantCAs {
				t.Errorf("bundle has %d CAs, want %d", len(next.CAs), tt.wantCAs)
			}
			if !next.CAs[0].Equal(next.CA.Cert) {
				t.Error("the CA with the key is not first in the bundle")
			}
			fromNewest := next.Serving.Cert.CheckSignatureFrom(next.CA.Cert) == nil
			if fromNewest != tt.servingFromNewest {
				t.Errorf("serving signed by the newest CA = %v, want %v", fromNewest, tt.servingFromNewest)
			}
			if !(planner{now: p.now}).usable(next.Serving, next.CAs) {
				t.Error("the resulting serving certificate is not valid now under the bundle")
			}
			if len(reasons) == 0 && next.Serving != cur.Serving {
				t.Error("no reasons but the serving certificate changed")
			}
		})
	}
}

// TestPlanIsStable: planning the result of a plan at the same instant changes nothing,
// so replicas that re-read after losing a race never rotate twice.
func TestPlanIsStable(t *testing.T) {
	f := fixture{t: t, opts: shortOptions()}
	for _, at := range []time.Duration{0, 25 * time.Minute, 41 * time.Minute, 61 * time.Minute} {
		p := planner{now: t0.Add(at), opts: &f.opts, installed: func(*x509.Certificate) bool { return true }}
		first, _, err := p.plan(f.fresh())
		if err != nil {
			t.Fatal(err)
		}
		_, reasons, err := p.plan(parseMaterial(first.data()))
		if err != nil {
			t.Fatal(err)
		}
		if len(reasons) > 0 {
			t.Errorf("at t0+%s a second plan still wants %v", at, reasons)
		}
	}
}
