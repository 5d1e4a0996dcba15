package podresources_test

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// hostileQuantities are quantities the apiserver accepts (it only rejects negative
// values) whose exponent makes resource.Quantity's own Cmp and Add scale a number by
// 10^2147483647: the loop never returns. 10e2147483646 is how the apiserver re-encodes
// 1e2147483647 before it sends the pod to a webhook.
var hostileQuantities = []string{"1e2147483647", "10e2147483646", "1e400", "-1e2147483647", "0e2147483647"}

// hostileNames: every kind of resource name is judged by the same code paths.
var hostileNames = []corev1.ResourceName{"cpu", "memory", "ephemeral-storage", "hugepages-2Mi", "example.com/gpu"}

// hostileSpecs puts q next to ordinary values in every place a quantity can be: request
// and limit of an app container, a regular init container, a native sidecar, and the
// pod level.
func hostileSpecs(name corev1.ResourceName, q string) map[string]corev1.PodSpec {
	huge, one := resource.MustParse(q), resource.MustParse("1")
	list := func(v resource.Quantity) corev1.ResourceList { return corev1.ResourceList{name: v} }
	c := func(req, lim resource.Quantity) corev1.Container {
		return corev1.Container{Name: "c", Resources: corev1.ResourceRequirements{Requests: list(req), Limits: list(lim)}}
	}
	always := corev1.ContainerRestartPolicyAlways
	sidecar := c(huge, huge)
	sidecar.RestartPolicy = &always
	return map[string]corev1.PodSpec{
		"request":        {Containers: []corev1.Container{c(huge, one)}},
		"limit":          {Containers: []corev1.Container{c(one, huge)}},
		"two-containers": {Containers: []corev1.Container{c(huge, huge), c(one, one)}},
		"init":           {InitContainers: []corev1.Container{c(huge, huge)}, Containers: []corev1.Container{c(one, one)}},
		"sidecar":        {InitContainers: []corev1.Container{sidecar}, Containers: []corev1.Container{c(one, one)}},
		"pod-level": {Containers: []corev1.Container{c(one, one)},
			Resources: &corev1.ResourceRequirements{Requests: list(one), Limits: list(huge)}},
	}
}

// within fails the test when f does not return within d. A goroutine that never returns
// keeps spinning, but the test reports it instead of hanging the whole run.
func within(t *testing.T, d time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s did not return within %s", what, d)
	}
}
