package e2e

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/clusterview"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/cluster"
)

// TestDriftAfterAConfigChange: pods injected under config A (log-shipper and the
// Downward API), then the log-shipper template changes (config B, hot-reloaded);
// `podpatterns drift`, reading the pods and the chart's ConfigMap from the real
// apiserver, lists the Deployment whose pods carry log-shipper with that template, and
// neither the unchanged Downward API nor the Deployment that only has it; --restart
// prints the rollout command. Sequential: it changes the shared server's config.
func TestDriftAfterAConfigChange(t *testing.T) {
	t.Cleanup(func() { useConfig(t, suite.DefaultConfig); publishConfig(t, suite.DefaultConfig) })
	ns := newNamespace(t, injected(), nil)
	both := wantsLogShipper("")
	both.Annotations[mutators.AnnotationDownwardAPI] = "true"
	only := podInNamespace("", map[string]string{mutators.AnnotationDownwardAPI: "true"})
	for name, pod := range map[string]*corev1.Pod{"web": both, "api": only} {
		if _, err := suite.Client.AppsV1().Deployments(ns).Create(ctxFor(t), deploymentOf(name, 2, pod), metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	eventually(t, 30*time.Second, "4 injected pods", func() (bool, string) {
		list, err := suite.Client.CoreV1().Pods(ns).List(ctxFor(t), metav1.ListOptions{})
		if err != nil {
			return false, err.Error()
		}
		injectedPods := 0
		for _, p := range list.Items {
			if _, ok := statusOf(&p); ok {
				injectedPods++
			}
		}
		return injectedPods == 4, fmt.Sprintf("%d injected pods", injectedPods)
	})
	publishConfig(t, suite.DefaultConfig)
	if out := runDrift(t, ns); !strings.Contains(out, "no drift") {
		t.Fatalf("before the change: %s", out)
	}

	changed := bytes.Replace(suite.DefaultConfig, []byte(logShipperImage), []byte(reloadedImage), 1)
	useConfig(t, changed)
	publishConfig(t, changed)
	out := runDrift(t, ns, "--restart")
	web, api := ns+"/Deployment/web", ns+"/Deployment/api"
	for _, want := range []string{web + "\t2/2 pods", "sidecar/log-shipper (changed)", "kubectl rollout restart deployment/web -n " + ns} {
		if !strings.Contains(out, want) {
			t.Errorf("drift output lacks %q:\n%s", want, out)
		}
	}
	for _, not := range []string{api, "downward-api"} {
		if strings.Contains(out, not) {
			t.Errorf("drift lists %q, whose templates did not change:\n%s", not, out)
		}
	}
}

// runDrift runs `podpatterns drift -n ns` against the suite's cluster.
func runDrift(t *testing.T, ns string, args ...string) string {
	t.Helper()
	cmd := exec.Command(suite.Binary, append([]string{"drift", "--kubeconfig", suite.Cluster.KubeconfigPath, "-n", ns}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("podpatterns drift: %v\n%s", err, out)
	}
	return string(out)
}

// publishConfig writes config into the chart's ConfigMap (what `podpatterns drift`
// reads by default), as a helm upgrade would.
func publishConfig(t *testing.T, config []byte) {
	t.Helper()
	ns, name, _ := strings.Cut(clusterview.DefaultConfigMap, "/")
	if err := cluster.EnsureNamespace(ctxFor(t), suite.Client, ns, nil, nil); err != nil {
		t.Fatal(err)
	}
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns}, Data: map[string]string{clusterview.ConfigKey: string(config)}}
	_, err := suite.Client.CoreV1().ConfigMaps(ns).Update(ctxFor(t), cm, metav1.UpdateOptions{})
	if apierrors.IsNotFound(err) {
		_, err = suite.Client.CoreV1().ConfigMaps(ns).Create(ctxFor(t), cm, metav1.CreateOptions{})
	}
	if err != nil {
		t.Fatal(err)
	}
}
