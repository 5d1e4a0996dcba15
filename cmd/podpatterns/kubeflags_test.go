package main

import (
	"path/filepath"
	"testing"
)

const twoContexts = `apiVersion: v1
kind: Config
current-context: a
clusters:
- name: a
  cluster: {server: https://a.example:6443}
- name: b
  cluster: {server: https://b.example:6443}
users:
- name: u
  user: {token: t}
contexts:
- name: a
  context: {cluster: a, user: u}
- name: b
  context: {cluster: b, user: u}
`

// TestContextFlagPicksTheContext: --context chooses the kubeconfig's context as kubectl
// does; without it the current context serves.
func TestContextFlagPicksTheContext(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kubeconfig")
	writeFile(t, path, twoContexts)
	for ctx, want := range map[string]string{"": "https://a.example:6443", "b": "https://b.example:6443"} {
		cfg, err := (&kubeFlags{kubeconfig: path, context: ctx}).restConfig()
		if err != nil {
			t.Fatalf("--context %q: %v", ctx, err)
		}
		if cfg.Host != want {
			t.Errorf("--context %q: host %s, want %s", ctx, cfg.Host, want)
		}
	}
	if _, err := (&kubeFlags{kubeconfig: path, context: "nope"}).restConfig(); err == nil {
		t.Error("an unknown --context was accepted")
	}
}

// TestEveryClusterCommandTakesContext: every command that reaches a cluster takes
// --kubeconfig and --context together.
func TestEveryClusterCommandTakesContext(t *testing.T) {
	reaching := 0
	for _, c := range newRootCommand().Commands() {
		if c.Flags().Lookup("kubeconfig") == nil {
			continue
		}
		reaching++
		if c.Flags().Lookup("context") == nil {
			t.Errorf("%s takes --kubeconfig but not --context", c.Name())
		}
	}
	if reaching < 8 { // serve, inject, validate, check-webhook, remove-webhooks, drift, analyze, precheck
		t.Errorf("%d commands take --kubeconfig, want 8", reaching)
	}
}
