package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	psaapi "k8s.io/pod-security-admission/api"

	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/test/cluster"
	"github.com/podpatterns/podpatterns/validators"
)

// unhardenedConfig is examples/config.yaml as it was before its templates met
// restricted: without capabilities.drop [ALL] and the RuntimeDefault seccomp profile.
func unhardenedConfig(t *testing.T) []byte {
	t.Helper()
	s := string(suite.DefaultConfig)
	for _, line := range []string{"        capabilities: {drop: [ALL]}\n", "        seccompProfile: {type: RuntimeDefault}\n"} {
		if strings.Count(s, line) != 3 {
			t.Fatalf("examples/config.yaml no longer has %q in each of its three templates", line)
		}
		s = strings.ReplaceAll(s, line, "")
	}
	return []byte(s)
}

// TestPlatformUnhardenedTemplatesRejected is the negative control of the platform
// suite: the templates as they were (no capabilities drop, no seccomp profile), injected
// without the Pod Security check, make the API server reject a hardened pod in a
// namespace enforcing restricted — the failure the rule prevents. Served by
// podpatterns, the same config in the same kind of namespace skips those templates
// (pod-security, with warnings) and the pod is admitted. Sequential: it switches the
// server's config.
func TestPlatformUnhardenedTemplatesRejected(t *testing.T) {
	data := unhardenedConfig(t)
	loaded, err := config.Parse("unhardened.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	pod := hardened(mutatorstest.AllPatternsPod())
	pod.Namespace = ""
	bare := mutators.Namespace{Name: "bare", Labels: injected()} // no Pod Security label: no check
	req := mutators.NewRequest(pod, bare)
	mutators.New(loaded.Config.Mutators, mutatorstest.Options()).Mutate(req)
	if len(req.Report.Injected) < 3 {
		t.Fatalf("the unhardened config injected %v", req.Report.Injected)
	}
	restricted := platformNamespace(t, psaapi.LevelRestricted, nil, nil)
	dry := metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}}
	_, _, err = createPod(t, restricted, req.Pod, dry)
	if err == nil || !strings.Contains(err.Error(), `violates PodSecurity "restricted:latest"`) || !strings.Contains(err.Error(), "capabilities") {
		t.Fatalf("the unhardened injection must be rejected by Pod Security restricted; the API server said: %v", err)
	}
	t.Logf("without the rule: %v", err)
	if _, _, err := createPod(t, restricted, pod, dry); err != nil {
		t.Fatalf("the hardened pod itself must be admitted there (the control): %v", err)
	}

	t.Cleanup(func() { useConfig(t, suite.DefaultConfig) })
	useConfig(t, data)
	served := platformNamespace(t, psaapi.LevelRestricted, injected(), nil)
	got, warnings, err := createPod(t, served, pod, dry)
	if err != nil {
		t.Fatalf("podpatterns made the API server reject the pod: %v", err)
	}
	refused := 0
	for _, w := range warnings {
		if strings.Contains(w, "not injected ("+string(mutators.SkipPodSecurity)+")") && strings.Contains(w, `"restricted:latest"`) {
			refused++
		}
	}
	if refused != 3 {
		t.Errorf("want the three unhardened templates skipped with a pod-security warning naming the level; warnings:\n%s", strings.Join(warnings, "\n"))
	}
	if s, _ := statusOf(got); len(s.Injected) == 0 {
		t.Errorf("the hardened patterns (config template, Downward API, preStop) must still be injected: %v", got.Annotations)
	}
}

// TestPlatformWindowsPod: a Windows pod selecting a Linux sidecar and the Downward API
// is admitted: the sidecar skipped with the os-mismatch warning, the Downward API
// injected, no Linux-only field written.
func TestPlatformWindowsPod(t *testing.T) {
	t.Parallel()
	ns := newNamespace(t, injected(), nil)
	pod := podInNamespace("iis", map[string]string{mutators.AnnotationSidecars: "log-shipper", mutators.AnnotationDownwardAPI: "true"})
	pod.Spec.OS = &corev1.PodOS{Name: corev1.Windows}
	got, warnings := mustCreatePod(t, ns, pod)
	if len(warnings) != 1 || !strings.Contains(warnings[0], `sidecar "log-shipper" not injected (`+string(mutators.SkipOSMismatch)+")") {
		t.Errorf("warnings %q, want the os-mismatch skip of log-shipper", warnings)
	}
	if names := containerNames(got); len(names) != 1 {
		t.Errorf("containers %v, want the app alone", names)
	}
	if s, _ := statusOf(got); len(s.Injected[mutators.PatternDownwardAPI]) != 1 {
		t.Errorf("the Downward API must be injected: %v", got.Annotations)
	}
}

// TestPlatformInvalidInheritedDefault: a namespace default above maxSleepSeconds
// (podpatterns.io/prestop=90, the cap is 60) no longer denies every pod of the
// namespace: the pod is admitted without the hook and with the invalid-default warning;
// the same value on the pod itself is still denied.
func TestPlatformInvalidInheritedDefault(t *testing.T) {
	t.Parallel()
	ns := newNamespace(t, injected(), map[string]string{mutators.AnnotationPreStop: "90"})
	got, warnings := mustCreatePod(t, ns, podInNamespace("drained", nil))
	if len(warnings) != 1 || !strings.Contains(warnings[0], "not injected ("+string(mutators.SkipInvalidDefault)+")") ||
		!strings.Contains(warnings[0], "namespace."+ns+".annotations[podpatterns.io/prestop]") {
		t.Errorf("warnings %q, want one invalid-default warning naming the namespace annotation", warnings)
	}
	if got.Spec.Containers[0].Lifecycle != nil {
		t.Errorf("no preStop hook may be injected from an invalid default: %+v", got.Spec.Containers[0].Lifecycle)
	}
	_, _, err := createPod(t, ns, podInNamespace("own", map[string]string{mutators.AnnotationPreStop: "90"}), metav1.CreateOptions{})
	assertDenied(t, err, cluster.WebhookInject, []string{"metadata.annotations[podpatterns.io/prestop]", "at most 60 seconds"})
}

// TestPlatformResizePredatingProbeRule: a pod created before its profile required
// readiness probes is resized in place (VPA) after the rule arrived: admitted, because
// a resize is judged on the resource rules it changes. The control: the same pod is
// denied at creation under the new rule. Sequential: it switches the server's config.
func TestPlatformResizePredatingProbeRule(t *testing.T) {
	ns := profileNamespace(t, "guaranteed", validators.ModeEnforce)
	pod := guaranteedPod("served", "1")
	pod.Spec.Containers[0].Ports = []corev1.ContainerPort{{ContainerPort: 8080}}
	created, _ := mustCreatePod(t, ns, pod)

	const rule = "    minQOSClass: Guaranteed\n"
	withProbes := strings.Replace(string(suite.DefaultConfig), rule, rule+"    probes: {readinessRequired: true}\n    exempt: {injectedSidecars: true}\n", 1)
	if withProbes == string(suite.DefaultConfig) {
		t.Fatal("examples/config.yaml's guaranteed profile has no `minQOSClass: Guaranteed` line to extend")
	}
	t.Cleanup(func() { useConfig(t, suite.DefaultConfig) })
	useConfig(t, []byte(withProbes))

	_, _, err := createPod(t, ns, guaranteedPodWithPort("late"), metav1.CreateOptions{})
	if err == nil || !podpatternsDenial(err) || !strings.Contains(err.Error(), "("+string(validators.RuleReadinessProbeRequired)+")") {
		t.Fatalf("the control: a new pod without a probe must be denied under the rule; got %v", err)
	}
	resized := created.DeepCopy()
	two := resource.MustParse("2")
	resized.Spec.Containers[0].Resources.Requests[corev1.ResourceCPU] = two
	resized.Spec.Containers[0].Resources.Limits[corev1.ResourceCPU] = two.DeepCopy()
	pods, rec := podClient(t, ns)
	if _, err := pods.UpdateResize(ctxFor(t), created.Name, resized, metav1.UpdateOptions{}); err != nil {
		t.Fatalf("the resize of a pod that predates the probe rule must be admitted: %v", err)
	}
	if w := rec.List(); len(w) != 0 {
		t.Errorf("the resize was warned about: %q", w)
	}
}

// guaranteedPodWithPort is guaranteedPod serving on 8080 (the probe rule applies).
func guaranteedPodWithPort(name string) *corev1.Pod {
	pod := guaranteedPod(name, "1")
	pod.Spec.Containers[0].Ports = []corev1.ContainerPort{{ContainerPort: 8080}}
	return pod
}

// TestPlatformSecondInjector: the agent injector adds its container after podpatterns
// (reinvocation IfNeeded on both): the stored pod has every container once, podpatterns'
// second pass changed nothing, and the validating webhook judges the final pod — an
// agent container that makes the pod Burstable breaks the guaranteed profile and is
// denied, although podpatterns did not inject it. Sequential: it registers a webhook.
func TestPlatformSecondInjector(t *testing.T) {
	startAgentInjector(t)
	labels := injected()
	labels[mutators.LabelProfile] = "guaranteed"
	ns := platformNamespace(t, psaapi.LevelRestricted, labels, nil)
	pod := hardened(guaranteedPod("agent", "1"))
	pod.Annotations = map[string]string{mutators.AnnotationSidecars: "log-shipper"}
	var got *corev1.Pod
	eventually(t, 10*time.Second, "the agent injector is called", func() (bool, string) {
		p, _, err := createPod(t, ns, pod, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
		got = p
		return err == nil && slices.Contains(containerNames(p), agentName), fmt.Sprintf("err %v", err)
	})
	if want := []string{"init:log-shipper", "app", agentName}; !slices.Equal(containerNames(got), want) {
		t.Errorf("containers %v, want %v", containerNames(got), want)
	}
	burstable := pod.DeepCopy()
	burstable.Annotations[agentBurstable] = "true"
	_, _, err := createPod(t, ns, burstable, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
	// Only the agent's container is Burstable: the pod's class is judged with it.
	assertDenied(t, err, cluster.WebhookProfiles, []string{"(qos-class)", "QoS class Burstable"})
}
