package main

import (
	"os"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/fake"
)

const bareCronJob = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: team}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: job
            image: job:1
`

// TestValidateWorkloadAsTheWebhook: a CronJob the standard profile (workloadMode warn)
// would deny the pods of is admitted with warnings whose paths are under
// spec.jobTemplate.spec.template, exit 0, as /validate-workloads answers; the guaranteed
// profile (workloadMode enforce) denies it, exit 1.
func TestValidateWorkloadAsTheWebhook(t *testing.T) {
	out, stderr, err := runCLI(t, bareCronJob, "validate", "-f", "-", "--config", "../../examples/config.yaml", "--profile", "standard")
	if err != nil {
		t.Fatalf("exit %d (%v); the webhook admits it with warnings\n%s%s", exitCode(err), err, out, stderr)
	}
	if !strings.Contains(out, "CronJob/nightly: Warning: podpatterns profile \"standard\" would deny its pods: spec.jobTemplate.spec.template.spec.containers[0]") ||
		strings.Contains(out, " spec.containers[0]") {
		t.Errorf("warnings are not under the template's path:\n%s", out)
	}
	out, _, err = runCLI(t, bareCronJob, "validate", "-f", "-", "--config", "../../examples/config.yaml", "--profile", "guaranteed")
	if exitCode(err) != 1 || !strings.Contains(out, "CronJob/nightly: denied: ") || !strings.Contains(out, "spec.jobTemplate.spec.template.spec.containers[0]") {
		t.Errorf("guaranteed (workloadMode enforce): exit %d\n%s", exitCode(err), out)
	}
}

// TestValidateWorkloadWithLimitRange: the same bare template in a namespace whose
// LimitRange defaults every container (a LimitRange document in -f) is admitted by the
// guaranteed profile: its pods would be.
func TestValidateWorkloadWithLimitRange(t *testing.T) {
	in := bareCronJob + `---
apiVersion: v1
kind: LimitRange
metadata: {name: defaults, namespace: team}
spec:
  limits:
  - type: Container
    default: {cpu: 500m, memory: 256Mi}
`
	out, stderr, err := runCLI(t, in, "validate", "-f", "-", "--config", "../../examples/config.yaml", "--profile", "guaranteed")
	if err != nil || !strings.Contains(out, "CronJob/nightly: ok") {
		t.Errorf("exit %d (%v)\n%s%s", exitCode(err), err, out, stderr)
	}
}

// TestInjectLeavesExcludedNamespaces: kube-system and the release namespace are never
// sent by the chart's webhooks: inject leaves their objects as they are and says so.
func TestInjectLeavesExcludedNamespaces(t *testing.T) {
	for _, ns := range []string{"kube-system", "podpatterns-system"} {
		out, stderr, err := runCLI(t, sidecarPod, "inject", "-f", "-", "-n", ns, "--config", "../../examples/config.yaml")
		if err != nil || strings.Contains(out, "name: log-shipper") {
			t.Errorf("%s: mutated (%v)\n%s", ns, err, out)
		}
		if !strings.Contains(stderr, "Pod/p: not mutated nor validated: the chart's webhooks never send objects of namespace "+ns) {
			t.Errorf("%s: stderr %q lacks the note", ns, stderr)
		}
	}
}

// TestNotOptedInNoteSaysDefaultsApplied: in a namespace that names a profile but is not
// opted in, a pod the profile's defaultReadiness gives a probe is not called "not
// mutated".
func TestNotOptedInNoteSaysDefaultsApplied(t *testing.T) {
	cfg := t.TempDir() + "/config.yaml"
	writeFile(t, cfg, "profiles:\n  probed:\n    probes: {readinessRequired: true, defaultReadiness: true}\n")
	pod := "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: app, image: app:1, ports: [{containerPort: 8080}]}\n"
	out, stderr, err := runCLI(t, pod, "inject", "-f", "-", "--config", cfg, "--namespace-labels", "podpatterns.io/inject=,podpatterns.io/profile=probed")
	if err != nil || !strings.Contains(out, "readinessProbe") {
		t.Fatalf("no default probe: %v\n%s%s", err, out, stderr)
	}
	if strings.Contains(stderr, "not mutated") || !strings.Contains(stderr, "Pod/p: no pattern injected: the namespace is not opted in") {
		t.Errorf("stderr %q", stderr)
	}
}

// TestFromClusterReadsLimitRanges: --from-cluster reads each namespace's LimitRanges,
// and validate judges a bare CronJob by the defaults its pods will get: the guaranteed
// profile admits it in the namespace with the LimitRange and denies it in the one
// without.
func TestFromClusterReadsLimitRanges(t *testing.T) {
	data, err := os.ReadFile("../../examples/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	profiled := map[string]string{"podpatterns.io/profile": "guaranteed"}
	client := fake.NewClientset(
		&corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: "podpatterns-system", Name: "podpatterns-config"}, Data: map[string]string{"config.yaml": string(data)}},
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "team", Labels: profiled}},
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "bare", Labels: profiled}},
		&corev1.LimitRange{ObjectMeta: metav1.ObjectMeta{Namespace: "team", Name: "defaults"}, Spec: corev1.LimitRangeSpec{Limits: []corev1.LimitRangeItem{{
			Type: corev1.LimitTypeContainer, Default: corev1.ResourceList{"cpu": resource.MustParse("500m"), "memory": resource.MustParse("256Mi")}}}}},
	)
	saved := clusterClient
	clusterClient = func(kubeFlags) (kubernetes.Interface, error) { return client, nil }
	t.Cleanup(func() { clusterClient = saved })
	out, stderr, err := runCLI(t, bareCronJob, "validate", "-f", "-", "--from-cluster")
	if err != nil || !strings.Contains(out, "CronJob/nightly: ok") {
		t.Errorf("in team (LimitRange): exit %d %v\n%s%s", exitCode(err), err, out, stderr)
	}
	out, _, err = runCLI(t, strings.Replace(bareCronJob, "namespace: team", "namespace: bare", 1), "validate", "-f", "-", "--from-cluster")
	if exitCode(err) != 1 || !strings.Contains(out, "CronJob/nightly: denied: ") {
		t.Errorf("in bare (control): exit %d\n%s", exitCode(err), out)
	}
}

// TestValidateReportWorkloadMutationDenied: a workload whose pods the mutating webhook
// would deny (an invalid podpatterns.io/inject) is admitted under workloadMode warn
// (exit 0), and its PolicyReport result says fail, not pass.
func TestValidateReportWorkloadMutationDenied(t *testing.T) {
	in := strings.Replace(bareCronJob, "      template:\n        spec:", "      template:\n        metadata:\n          annotations: {podpatterns.io/inject: maybe}\n        spec:", 1)
	out, stderr, err := runCLI(t, in, "validate", "-f", "-", "--config", "../../examples/config.yaml", "--profile", "standard", "-o", "json")
	if err != nil || !strings.Contains(out, `"result": "fail"`) || strings.Contains(out, `"result": "pass"`) || !strings.Contains(out, `"rule": "mutation"`) {
		t.Errorf("exit %d (%v)\n%s%s", exitCode(err), err, out, stderr)
	}
}
