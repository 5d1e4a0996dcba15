package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// deploymentOf is a Deployment whose pod template is pod's.
func deploymentOf(name string, replicas int32, pod *corev1.Pod) *appsv1.Deployment {
	labels := map[string]string{"app": name}
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr.To(replicas),
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels, Annotations: pod.Annotations},
				Spec:       pod.Spec,
			},
		},
	}
}

// TestDeploymentPodsInjected: pods created by kube-controller-manager's ReplicaSet
// controller (generateName, ownerReferences, no name at admission time) are injected
// like any other, and every replica is.
func TestDeploymentPodsInjected(t *testing.T) {
	t.Parallel()
	ns := newNamespace(t, injected(), nil)
	d := deploymentOf("web", 2, wantsLogShipper(""))
	if _, err := suite.Client.AppsV1().Deployments(ns).Create(ctxFor(t), d, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	var pods []corev1.Pod
	eventually(t, 30*time.Second, "the ReplicaSet controller creates 2 pods", func() (bool, string) {
		list, err := suite.Client.CoreV1().Pods(ns).List(ctxFor(t), metav1.ListOptions{})
		if err != nil {
			return false, err.Error()
		}
		pods = list.Items
		return len(pods) == 2, fmt.Sprintf("%d pods", len(pods))
	})
	for _, p := range pods {
		if !slices.Equal(containerNames(&p), []string{"init:log-shipper", "app"}) {
			t.Errorf("pod %s has containers %v, want [init:log-shipper app]", p.Name, containerNames(&p))
		}
		if _, ok := statusOf(&p); !ok || len(p.OwnerReferences) != 1 {
			t.Errorf("pod %s: status annotation %q, owners %v", p.Name, p.Annotations[mutators.AnnotationStatus], p.OwnerReferences)
		}
	}
}

// TestDeploymentDenialSurfacesAsEvent: when validation denies a controller's pods, the
// user finds our message in the ReplicaSet's FailedCreate event (kubectl describe rs).
func TestDeploymentDenialSurfacesAsEvent(t *testing.T) {
	t.Parallel()
	ns := profileNamespace(t, standardProfile, validators.ModeEnforce)
	if _, err := suite.Client.AppsV1().Deployments(ns).Create(ctxFor(t), deploymentOf("denied", 1, bestEffortPod("")), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 30*time.Second, "a FailedCreate event with our denial", func() (bool, string) {
		events, err := suite.Client.CoreV1().Events(ns).List(ctxFor(t), metav1.ListOptions{})
		if err != nil {
			return false, err.Error()
		}
		for _, e := range events.Items {
			if e.Reason == "FailedCreate" && e.InvolvedObject.Kind == "ReplicaSet" &&
				strings.Contains(e.Message, `admission webhook "profiles.podpatterns.io" denied the request`) &&
				strings.Contains(e.Message, "("+string(validators.RuleRequestsRequired)+")") {
				return true, ""
			}
		}
		return false, fmt.Sprintf("%d events, none is our denial", len(events.Items))
	})
}
