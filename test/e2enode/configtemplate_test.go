package e2enode

import (
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/nodestack"
)

// configMaps creates the config template's ConfigMaps in ns.
func configMaps(t *testing.T, ns, template, name string) {
	t.Helper()
	for cmName, data := range map[string]map[string]string{
		"app-templates": {"app.conf.tmpl": template},
		"app-params":    {"name": name},
	} {
		cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: cmName}, Data: data}
		if _, err := env.Cluster.Client.CoreV1().ConfigMaps(ns).Create(ctxFor(t, 10*time.Second), cm, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestConfigTemplateRendersWhatTheAppReads: the file the app's process reads is the one
// rendered from the ConfigMaps before it started.
func TestConfigTemplateRendersWhatTheAppReads(t *testing.T) {
	needRelease(t)
	ns := injectNamespace(t, "template")
	configMaps(t, ns, "name={{ .Params.name }}\nnamespace={{ .Env.POD_NAMESPACE }}\n", "node-e2e")
	pod := runPod(t, ns, nodestack.AppPod("templated", map[string]string{mutators.AnnotationConfigTemplate: nodestack.ConfigTemplate}))
	got := containerFile(t, containerPID(t, status(t, pod, "app")), nodestack.RenderedMountPath+"/app.conf")
	if want := "name=node-e2e\nnamespace=" + ns + "\n"; got != want {
		t.Fatalf("the app reads %q, want %q", got, want)
	}
}

// TestBadTemplateKeepsPodInInit: a template that does not parse stops the pod before
// the app: it stays Pending with the render container's termination message saying why.
func TestBadTemplateKeepsPodInInit(t *testing.T) {
	needRelease(t)
	ns := injectNamespace(t, "badtemplate")
	configMaps(t, ns, "name={{ .Params.name ", "node-e2e")
	p := nodestack.AppPod("bad-template", map[string]string{mutators.AnnotationConfigTemplate: nodestack.ConfigTemplate})
	if _, err := env.Cluster.Client.CoreV1().Pods(ns).Create(ctxFor(t, 10*time.Second), p, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	var message string
	pod := waitPod(t, ns, p.Name, time.Minute, "failing its render init container", func(p *corev1.Pod) bool {
		for _, cs := range p.Status.InitContainerStatuses {
			for _, term := range []*corev1.ContainerStateTerminated{cs.State.Terminated, cs.LastTerminationState.Terminated} {
				if term != nil && term.ExitCode != 0 {
					message = term.Message
					return true
				}
			}
		}
		return false
	})
	if pod.Status.Phase != corev1.PodPending || len(pod.Status.ContainerStatuses) > 0 && pod.Status.ContainerStatuses[0].State.Running != nil {
		t.Errorf("the app started despite the bad template: %s", nodestack.Describe(pod))
	}
	if !strings.Contains(message, "app.conf") {
		t.Errorf("the termination message does not say which template failed: %q", message)
	}
}
