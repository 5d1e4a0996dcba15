package e2e

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/test/cluster"
)

// The log-shipper image of examples/config.yaml, and what the reload test changes it to.
const (
	logShipperImage = "cr.fluentbit.io/fluent/fluent-bit:3.2.4"
	reloadedImage   = "cr.fluentbit.io/fluent/fluent-bit:3.2.5"
)

// TestConfigHotReload edits the server's config file the way a ConfigMap update does (an
// atomic replace) and checks the next pod gets the new template without a restart; then
// writes an invalid file and checks it is rejected (counted in the metrics) while the
// last good config keeps serving. Sequential: it changes the shared server's config.
func TestConfigHotReload(t *testing.T) {
	t.Cleanup(func() { useConfig(t, suite.DefaultConfig) })
	ns := newNamespace(t, injected(), nil)
	if img := logShipperImageOf(t, ns); img != logShipperImage {
		t.Fatalf("before the reload log-shipper is %s, want %s", img, logShipperImage)
	}

	edited := bytes.Replace(suite.DefaultConfig, []byte(logShipperImage), []byte(reloadedImage), 1)
	if bytes.Equal(edited, suite.DefaultConfig) {
		t.Fatalf("examples/config.yaml no longer holds %s; update this test", logShipperImage)
	}
	cfg, err := config.Parse(suite.ConfigPath, edited)
	if err != nil {
		t.Fatal(err)
	}
	successes := metricValue(t, "podpatterns_config_reloads_total", `result="success"`)
	if err := cluster.WriteFileAtomic(suite.ConfigPath, edited); err != nil {
		t.Fatal(err)
	}
	eventually(t, 15*time.Second, "the next pod gets the reloaded template", func() (bool, string) {
		img := logShipperImageOf(t, ns)
		return img == reloadedImage, "log-shipper image is still " + img
	})
	if got := metricValue(t, "podpatterns_config_reloads_total", `result="success"`) - successes; got < 1 {
		t.Errorf("podpatterns_config_reloads_total{result=success} grew by %v, want ≥ 1", got)
	}
	if rev := servingRevision(t); rev != cfg.Revision {
		t.Errorf("serving revision %s, want the edited config's %s", rev, cfg.Revision)
	}

	failures := metricValue(t, "podpatterns_config_reloads_total", `result="failure"`)
	broken := append(append([]byte(nil), edited...), []byte("\nnotASection: true\n")...)
	if err := cluster.WriteFileAtomic(suite.ConfigPath, broken); err != nil {
		t.Fatal(err)
	}
	eventually(t, 15*time.Second, "the invalid config is rejected", func() (bool, string) {
		got := metricValue(t, "podpatterns_config_reloads_total", `result="failure"`) - failures
		return got >= 1, fmt.Sprintf("failure count grew by %v", got)
	})
	if img := logShipperImageOf(t, ns); img != reloadedImage {
		t.Errorf("after a rejected config log-shipper is %s, want the last good %s", img, reloadedImage)
	}
	if rev := servingRevision(t); rev != cfg.Revision {
		t.Errorf("serving revision %s after a rejected config, want the last good %s", rev, cfg.Revision)
	}
}

// logShipperImageOf creates a pod asking for log-shipper and returns the injected image.
func logShipperImageOf(t *testing.T, ns string) string {
	t.Helper()
	got, _ := mustCreatePod(t, ns, wantsLogShipper("reload-"+randomSuffix()))
	for _, c := range append(append([]corev1.Container{}, got.Spec.InitContainers...), got.Spec.Containers...) {
		if c.Name == "log-shipper" {
			return c.Image
		}
	}
	t.Fatalf("no log-shipper injected: %v", containerNames(got))
	return ""
}
