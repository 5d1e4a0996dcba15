package e2e

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/rest"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/cluster"
)

// testTimeout bounds every single API interaction of a test.
const testTimeout = 30 * time.Second

// ctxFor returns a context that ends with the test or after testTimeout.
func ctxFor(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

var nonDNS = regexp.MustCompile(`[^a-z0-9-]+`)

// newNamespace creates a namespace named after the test (plus a random suffix) with the
// given labels and annotations, and returns its name.
func newNamespace(t *testing.T, labels, annotations map[string]string) string {
	t.Helper()
	slug := strings.Trim(nonDNS.ReplaceAllString(strings.ToLower(t.Name()), "-"), "-")
	if len(slug) > 48 {
		slug = strings.Trim(slug[len(slug)-48:], "-")
	}
	name := fmt.Sprintf("%s-%s", slug, randomSuffix())
	if err := cluster.EnsureNamespace(ctxFor(t), suite.Client, name, labels, annotations); err != nil {
		t.Fatalf("creating namespace %s: %v", name, err)
	}
	return name
}

// injected is the namespace label set that opts into mutation.
func injected() map[string]string {
	return map[string]string{mutators.LabelInject: mutators.InjectEnabled}
}

// warningRecorder collects the warnings the apiserver returns (HTTP Warning headers),
// the way kubectl prints them.
type warningRecorder struct {
	mu       sync.Mutex
	warnings []string
}

// HandleWarningHeader implements rest.WarningHandler.
func (w *warningRecorder) HandleWarningHeader(code int, _ string, text string) {
	if code != 299 || text == "" {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.warnings = append(w.warnings, text)
}

// List returns the warnings received so far.
func (w *warningRecorder) List() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.warnings...)
}

// podClient returns a pods client for namespace whose warnings go to the returned recorder.
func podClient(t *testing.T, namespace string) (typedcorev1.PodInterface, *warningRecorder) {
	t.Helper()
	rec := &warningRecorder{}
	cfg := rest.CopyConfig(suite.Cluster.Config)
	cfg.WarningHandler = rec
	c, err := typedcorev1.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c.Pods(namespace), rec
}

// createPod creates pod in namespace and returns the stored pod, the warnings and the error.
func createPod(t *testing.T, namespace string, pod *corev1.Pod, opts metav1.CreateOptions) (*corev1.Pod, []string, error) {
	t.Helper()
	pods, rec := podClient(t, namespace)
	pod = pod.DeepCopy()
	pod.Namespace = namespace
	got, err := pods.Create(ctxFor(t), pod, opts)
	return got, rec.List(), err
}

// mustCreatePod is createPod that fails the test on error.
func mustCreatePod(t *testing.T, namespace string, pod *corev1.Pod) (*corev1.Pod, []string) {
	t.Helper()
	got, warnings, err := createPod(t, namespace, pod, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("creating pod %s in %s: %v", pod.Name, namespace, err)
	}
	return got, warnings
}

// statusOf decodes the podpatterns.io/status annotation; ok is false without one.
func statusOf(pod *corev1.Pod) (mutators.Status, bool) {
	return mutators.ParseStatus(pod.Annotations[mutators.AnnotationStatus])
}

// containerNames lists init containers (prefixed "init:") and containers, in order.
func containerNames(pod *corev1.Pod) []string {
	var names []string
	for _, c := range pod.Spec.InitContainers {
		names = append(names, "init:"+c.Name)
	}
	for _, c := range pod.Spec.Containers {
		names = append(names, c.Name)
	}
	return names
}

// eventually polls cond every 100 ms until it returns true or timeout passes; it fails
// the test with the last reason cond gave.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() (bool, string)) {
	t.Helper()
	var reason string
	err := wait.PollUntilContextTimeout(context.Background(), 100*time.Millisecond, timeout, true, func(context.Context) (bool, error) {
		var ok bool
		ok, reason = cond()
		return ok, nil
	})
	if err != nil {
		t.Fatalf("%s: not within %s: %s", what, timeout, reason)
	}
}

// toJSON renders v for messages.
func toJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// randomSuffix is 6 random hex digits, for unique object names.
func randomSuffix() string {
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

var configInfo = regexp.MustCompile(`(?m)^podpatterns_config_info\{revision="([^"]+)"\} 1$`)

// servingRevision is the config revision the server reports in podpatterns_config_info.
func servingRevision(t *testing.T) string {
	t.Helper()
	text, err := suite.Server.Metrics()
	if err != nil {
		t.Fatalf("reading metrics: %v", err)
	}
	m := configInfo.FindAllStringSubmatch(text, -1)
	if len(m) != 1 {
		t.Fatalf("want exactly one podpatterns_config_info series, got %d", len(m))
	}
	return m[0][1]
}

// metricValue sums the samples of a metric whose label set contains every labels pair
// (e.g. `result="success"`); 0 when there is none.
func metricValue(t *testing.T, name string, labels ...string) float64 {
	t.Helper()
	v, _, err := suite.Server.MetricValue(name, labels...)
	if err != nil {
		t.Fatalf("reading metrics: %v", err)
	}
	return v
}
