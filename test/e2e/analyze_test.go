package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/analyze"
	"github.com/podpatterns/podpatterns/mutators"
)

// rootHelper is a sidecar template that meets only Pod Security privileged.
const rootHelper = "sidecars:\n  root-helper:\n    container:\n      image: registry.example.com/root:1.0\n      securityContext: {privileged: true}\n"

// TestAnalyzeFindsTheSeededBreakage: on the real apiserver, `podpatterns analyze`
// reports, each once and as an error (exit 1): a namespace naming a profile the config
// lacks, a Deployment whose template names a template the config lacks, and a
// namespace enforcing Pod Security restricted whose default template meets only
// privileged; a clean opted-in namespace has no finding (exit 0 with -n), and the
// webhook configurations the suite installed are found healthy.
func TestAnalyzeFindsTheSeededBreakage(t *testing.T) {
	unknownProfile := newNamespace(t, map[string]string{mutators.LabelInject: mutators.InjectEnabled, mutators.LabelProfile: "does-not-exist"}, nil)
	unknownTemplate := newNamespace(t, injected(), nil)
	pod := wantsLogShipper("")
	pod.Annotations[mutators.AnnotationSidecars] = "no-such-template"
	if _, err := suite.Client.AppsV1().Deployments(unknownTemplate).Create(ctxFor(t), deploymentOf("web", 0, pod), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	restricted := newNamespace(t, map[string]string{mutators.LabelInject: mutators.InjectEnabled, "pod-security.kubernetes.io/enforce": "restricted"},
		map[string]string{mutators.AnnotationSidecars: "root-helper"})
	clean := newNamespace(t, map[string]string{mutators.LabelInject: mutators.InjectEnabled, "pod-security.kubernetes.io/enforce": "restricted"},
		map[string]string{mutators.AnnotationSidecars: "log-shipper"})

	config := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(config, bytes.Replace(suite.DefaultConfig, []byte("sidecars:\n"), []byte(rootHelper), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	findings, code := runAnalyze(t, "--config", config)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	want := map[string]analyze.Code{
		"Namespace/" + unknownProfile:       analyze.CodeUnknownProfile,
		unknownTemplate + "/Deployment/web": analyze.Code(mutators.SkipUnknownTemplate),
		"Namespace/" + restricted:           analyze.Code(mutators.SkipPodSecurity),
	}
	got := map[string][]analyze.Finding{}
	for _, f := range findings {
		got[f.Object] = append(got[f.Object], f)
		if strings.Contains(f.Object, "WebhookConfiguration") {
			t.Errorf("the suite's webhook configurations are reported: %+v", f)
		}
	}
	for obj, code := range want {
		if fs := got[obj]; len(fs) != 1 || fs[0].Code != code || fs[0].Severity != analyze.SeverityError {
			t.Errorf("%s: findings %+v, want one %s error", obj, fs, code)
		}
	}
	if fs := got["Namespace/"+clean]; len(fs) != 0 {
		t.Errorf("the clean namespace has findings: %+v", fs)
	}
	if _, code := runAnalyze(t, "--config", config, "-n", clean); code != 0 {
		t.Errorf("analyze -n %s: exit %d, want 0", clean, code)
	}
}

// runAnalyze runs `podpatterns analyze -o json` against the suite's cluster.
func runAnalyze(t *testing.T, args ...string) ([]analyze.Finding, int) {
	t.Helper()
	return runCLIFindings(t, append([]string{"analyze"}, args...)...)
}

// runCLIFindings runs a podpatterns command that reports findings (analyze, precheck)
// with -o json against the suite's cluster: the findings and the exit code.
func runCLIFindings(t *testing.T, args ...string) ([]analyze.Finding, int) {
	t.Helper()
	cmd := exec.Command(suite.Binary, append(args, "--kubeconfig", suite.Cluster.KubeconfigPath, "-o", "json")...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	var findings []analyze.Finding
	if err := json.Unmarshal(out, &findings); err != nil {
		t.Fatalf("%s output is not the findings (exit %d): %v\n%s\n%s", args[0], code, err, out, stderr.String())
	}
	return findings, code
}

// TestPrecheckOnTheAPIServer: the suite's cluster (1.37.2, no cert-manager, an admin
// user) fails precheck in the chart's default mode for the missing cert-manager API
// alone (exit 1) and passes it with --cert-manager=false (exit 0): the version, the
// APIs and every permission the install needs are found.
func TestPrecheckOnTheAPIServer(t *testing.T) {
	findings, code := runCLIFindings(t, "precheck")
	errs := 0
	for _, f := range findings {
		if f.Severity == analyze.SeverityError {
			errs++
			if f.Code != analyze.CodeCertManagerMissing {
				t.Errorf("unexpected error finding: %+v", f)
			}
		}
	}
	if code != 1 || errs != 1 {
		t.Errorf("default mode: exit %d, %d errors, want exit 1 and the cert-manager error: %+v", code, errs, findings)
	}
	if findings, code := runCLIFindings(t, "precheck", "--cert-manager=false"); code != 0 || analyze.Errors(findings) != 0 {
		t.Errorf("self-managed mode: exit %d: %+v", code, findings)
	}
}
