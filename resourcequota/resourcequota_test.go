package resourcequota

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func list(pairs ...string) corev1.ResourceList {
	out := corev1.ResourceList{}
	for i := 0; i < len(pairs); i += 2 {
		out[corev1.ResourceName(pairs[i])] = resource.MustParse(pairs[i+1])
	}
	return out
}

func quota(name string, hard, used corev1.ResourceList, scopes ...corev1.ResourceQuotaScope) *corev1.ResourceQuota {
	return &corev1.ResourceQuota{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns"},
		Spec: corev1.ResourceQuotaSpec{Hard: hard, Scopes: scopes}, Status: corev1.ResourceQuotaStatus{Hard: hard, Used: used}}
}

func podWith(containers ...corev1.ResourceRequirements) *corev1.Pod {
	pod := &corev1.Pod{}
	for _, r := range containers {
		pod.Spec.Containers = append(pod.Spec.Containers, corev1.Container{Name: "c", Resources: r})
	}
	return pod
}

// TestWarnings: a warning names the quota and the resource the injections take over
// what is left; none where the pod fits, where it was over without them, for quotas
// whose scope does not select it, or for the pod count.
func TestWarnings(t *testing.T) {
	app := corev1.ResourceRequirements{Requests: list("cpu", "500m", "memory", "64Mi"), Limits: list("memory", "64Mi")}
	helper := corev1.ResourceRequirements{Requests: list("cpu", "200m", "memory", "32Mi"), Limits: list("cpu", "200m", "memory", "32Mi")}
	before, after := podWith(app), podWith(app, helper)
	for _, c := range []struct {
		name string
		q    *corev1.ResourceQuota
		want []string
	}{
		{"room", quota("room", list("requests.cpu", "4", "pods", "10"), list("requests.cpu", "1", "pods", "9")), nil},
		{"cpu over", quota("compute", list("requests.cpu", "2", "pods", "10"), list("requests.cpu", "1400m", "pods", "9")),
			[]string{"requests.cpu to 700m, over the 600m"}},
		{"cpu over only with them", quota("compute", list("cpu", "2"), list("cpu", "1400m")), []string{"pod's cpu to 700m, over the 600m ResourceQuota compute has left (hard 2, used 1400m)"}},
		{"over without them", quota("full", list("requests.cpu", "1"), list("requests.cpu", "900m")), nil},
		{"limits appear", quota("limits", list("limits.cpu", "1"), list("limits.cpu", "900m")), []string{"limits.cpu to 200m"}},
		{"scope elsewhere", quota("terminating", list("requests.cpu", "1"), list("requests.cpu", "900m"), corev1.ResourceQuotaScopeTerminating), nil},
	} {
		got := Warnings(Static{c.q}, "ns", before, after)
		if len(got) != len(c.want) {
			t.Errorf("%s: warnings %q, want %d", c.name, got, len(c.want))
			continue
		}
		for i, w := range c.want {
			if !strings.Contains(got[i], w) || !strings.Contains(got[i], c.q.Name) {
				t.Errorf("%s: warning %q lacks %q", c.name, got[i], w)
			}
		}
	}
	if got := Warnings(nil, "ns", before, after); got != nil {
		t.Errorf("no getter: %q", got)
	}
}

// TestUsageNames: the pod evaluator's names, overhead included.
func TestUsageNames(t *testing.T) {
	pod := podWith(corev1.ResourceRequirements{Limits: list("cpu", "1", "memory", "1Gi", "example.com/gpu", "1", "hugepages-2Mi", "4Mi")})
	pod.Spec.Overhead = list("cpu", "100m")
	for name, want := range map[string]string{"pods": "1", "cpu": "1100m", "requests.cpu": "1100m", "limits.cpu": "1100m",
		"memory": "1Gi", "limits.memory": "1Gi", "requests.example.com/gpu": "1", "requests.hugepages-2Mi": "4Mi", "example.com/gpu": "-", "limits.example.com/gpu": "-"} {
		q, ok := usageOf(pod, corev1.ResourceName(name))
		got := "-"
		if ok {
			got = q.String()
		}
		if got != want {
			t.Errorf("%s = %s, want %s", name, got, want)
		}
	}
}
