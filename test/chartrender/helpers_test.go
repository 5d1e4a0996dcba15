package chartrender_test

import (
	"testing"

	"github.com/podpatterns/podpatterns/test/chartrender"
)

// valueSet is one way of installing the chart.
type valueSet struct {
	name string
	opts chartrender.Options
	// certManager and defaults say what the set turns on, for the assertions.
	certManager, defaultsWebhook bool
	// fullname is the object name prefix the set produces.
	fullname string
	// excluded are the namespaces that must never reach a webhook.
	excluded []string
}

// valueSets are the installs every test checks: the defaults, the ci/ value files, and a
// renamed release in another namespace with the defaults webhook off and a pinned digest.
var valueSets = []valueSet{
	{
		name: "default", certManager: true, defaultsWebhook: true,
		fullname: "podpatterns", excluded: []string{"kube-system", "podpatterns-system"},
	},
	{
		name: "examples", opts: chartrender.Options{ValuesFiles: []string{"ci/examples-values.yaml"}},
		certManager: true, defaultsWebhook: true,
		fullname: "podpatterns", excluded: []string{"kube-system", "podpatterns-system"},
	},
	{
		name: "self-managed", opts: chartrender.Options{ValuesFiles: []string{"ci/self-managed-values.yaml"}},
		certManager: false, defaultsWebhook: true,
		fullname: "podpatterns", excluded: []string{"kube-system", "podpatterns-system", "cert-manager", "monitoring"},
	},
	{
		name: "renamed",
		opts: chartrender.Options{ReleaseName: "platform", Namespace: "platform-admission", Values: map[string]any{
			"fullnameOverride": "admission",
			"webhooks":         map[string]any{"defaults": map[string]any{"enabled": false}},
			"image":            map[string]any{"digest": "sha256:" + sixtyFourHex},
			"certManager":      map[string]any{"enabled": false},
		}},
		certManager: false, defaultsWebhook: false,
		fullname: "admission", excluded: []string{"kube-system", "platform-admission"},
	},
}

const sixtyFourHex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

// namespace returns the set's release namespace.
func (v valueSet) namespace() string {
	if v.opts.Namespace != "" {
		return v.opts.Namespace
	}
	return chartrender.DefaultNamespace
}

func render(t *testing.T, opts chartrender.Options) *chartrender.Manifests {
	t.Helper()
	m, err := chartrender.Render(opts)
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	return m
}

func decode(t *testing.T, m *chartrender.Manifests, kind, name string, into any) {
	t.Helper()
	if err := m.Decode(kind, name, into); err != nil {
		t.Fatal(err)
	}
}

// forEachSet runs f as a subtest per value set.
func forEachSet(t *testing.T, f func(t *testing.T, v valueSet, m *chartrender.Manifests)) {
	for _, v := range valueSets {
		t.Run(v.name, func(t *testing.T) { f(t, v, render(t, v.opts)) })
	}
}
