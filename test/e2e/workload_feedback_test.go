package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	typedappsv1 "k8s.io/client-go/kubernetes/typed/apps/v1"
	typedbatchv1 "k8s.io/client-go/kubernetes/typed/batch/v1"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/util/retry"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/cluster"
)

// The profile whose workloadMode is enforce (examples/config.yaml) and the messages'
// fixed parts; the webhook's name is cluster.WebhookWorkloads, like the pod webhooks'.
const (
	guaranteedProfile = "guaranteed"
	wouldDeny         = `podpatterns profile "standard" would deny its pods: `
	templateCPUPath   = "spec.template.spec.containers[0].resources.requests[cpu]"
	cronJobCPUPath    = "spec.jobTemplate.spec.template.spec.containers[0].resources.requests[cpu]"
)

// appsClient is an apps/v1 client whose warnings go to the returned recorder.
func appsClient(t *testing.T) (*typedappsv1.AppsV1Client, *warningRecorder) {
	t.Helper()
	rec := &warningRecorder{}
	cfg := rest.CopyConfig(suite.Cluster.Config)
	cfg.WarningHandler = rec
	c, err := typedappsv1.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, rec
}

// TestWorkloadFeedbackAtApply: on the real apiserver, a Deployment whose pods the
// profile would deny is admitted with our warnings naming the template path (warn, the
// default workloadMode); under guaranteed (workloadMode enforce) it is rejected; a
// compliant one comes back without a word; an UPDATE that breaks the template is
// re-checked while one that only scales is not.
func TestWorkloadFeedbackAtApply(t *testing.T) {
	t.Parallel()
	ns := profileNamespace(t, standardProfile, "")
	apps, rec := appsClient(t)
	_, err := apps.Deployments(ns).Create(ctxFor(t), deploymentOf("bad", 1, bestEffortPod("")), metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("warn workloadMode: the Deployment must be admitted: %v", err)
	}
	if !hasWarning(rec.List(), wouldDeny+templateCPUPath+" (requests-required)") {
		t.Errorf("warnings %q lack %q", rec.List(), wouldDeny+templateCPUPath)
	}

	good := deploymentOf("good", 1, podInNamespace("", nil))
	good.Spec.Template.Spec.Containers[0].Resources = guaranteedResources()
	before := len(rec.List())
	created, err := apps.Deployments(ns).Create(ctxFor(t), good, metav1.CreateOptions{})
	if err != nil || len(rec.List()) != before {
		t.Fatalf("compliant Deployment: err %v, warnings %q", err, rec.List()[before:])
	}

	// scaling: the template is unchanged, not re-checked
	if err := updateDeployment(t, apps, ns, created.Name, func(d *appsv1.Deployment) { d.Spec.Replicas = new(int32(3)) }); err != nil || len(rec.List()) != before {
		t.Fatalf("scaling UPDATE: err %v, warnings %q", err, rec.List()[before:])
	}
	if err := updateDeployment(t, apps, ns, created.Name, func(d *appsv1.Deployment) {
		d.Spec.Template.Spec.Containers[0].Resources = corev1.ResourceRequirements{}
	}); err != nil {
		t.Fatal(err)
	}
	if !hasWarning(rec.List()[before:], wouldDeny+templateCPUPath) {
		t.Errorf("an UPDATE that breaks the template: warnings %q, want %q", rec.List()[before:], wouldDeny+templateCPUPath)
	}

	strict := profileNamespace(t, guaranteedProfile, "")
	_, err = apps.Deployments(strict).Create(ctxFor(t), deploymentOf("denied", 1, bestEffortPod("")), metav1.CreateOptions{})
	if err == nil || !strings.Contains(err.Error(), `admission webhook "`+cluster.WebhookWorkloads+`" denied the request`) ||
		!strings.Contains(err.Error(), "spec.template.spec.containers[0].resources.limits[cpu] (limits-required)") {
		t.Errorf("workloadMode enforce: err %v, want our denial naming the template path", err)
	}
}

// TestCronJobFeedbackNamesTheJobTemplate: a CronJob's messages name
// spec.jobTemplate.spec.template.
func TestCronJobFeedbackNamesTheJobTemplate(t *testing.T) {
	t.Parallel()
	ns := profileNamespace(t, standardProfile, "")
	rec := &warningRecorder{}
	cfg := rest.CopyConfig(suite.Cluster.Config)
	cfg.WarningHandler = rec
	batch, err := typedbatchv1.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	pod := bestEffortPod("")
	pod.Spec.RestartPolicy = corev1.RestartPolicyNever
	cj := &batchv1.CronJob{ObjectMeta: metav1.ObjectMeta{Name: "nightly"}, Spec: batchv1.CronJobSpec{Schedule: "0 3 * * *",
		JobTemplate: batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{Template: corev1.PodTemplateSpec{Spec: pod.Spec}}}}}
	if _, err := batch.CronJobs(ns).Create(ctxFor(t), cj, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if !hasWarning(rec.List(), wouldDeny+cronJobCPUPath) {
		t.Errorf("warnings %q lack %q", rec.List(), wouldDeny+cronJobCPUPath)
	}
}

// TestWorkloadCheckNoDoubleMutation: the pods the ReplicaSet controller creates still
// go through /mutate and /validate exactly once each (one injected sidecar, the
// Deployment's template stored as written), and the Deployment's ReplicaSet is never
// sent to the workloads webhook (the chart's not-controller-owned matchCondition).
func TestWorkloadCheckNoDoubleMutation(t *testing.T) {
	t.Parallel()
	labels := injected()
	labels[mutators.LabelProfile] = standardProfile
	ns := newNamespace(t, labels, nil)
	pod := wantsLogShipper("")
	pod.Spec.Containers[0].Resources = guaranteedResources()
	apps, rec := appsClient(t)
	d, err := apps.Deployments(ns).Create(ctxFor(t), deploymentOf("web", 2, pod), metav1.CreateOptions{})
	if err != nil || len(rec.List()) != 0 {
		t.Fatalf("create: %v, warnings %q", err, rec.List())
	}
	if names := d.Spec.Template.Spec.Containers; len(names) != 1 || d.Spec.Template.Annotations[mutators.AnnotationStatus] != "" {
		t.Errorf("the stored template was changed: %+v", d.Spec.Template)
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
			t.Errorf("pod %s has containers %v, want one injected log-shipper", p.Name, containerNames(&p))
		}
	}
	if n := metricValue(t, "podpatterns_workload_checks_total", `kind="ReplicaSet"`); n != 0 {
		t.Errorf("podpatterns_workload_checks_total{kind=ReplicaSet} = %v: a controller-owned ReplicaSet reached the server", n)
	}
	if n := metricValue(t, "podpatterns_workload_checks_total", `kind="Deployment"`, `outcome="clean"`); n < 1 {
		t.Errorf("podpatterns_workload_checks_total{kind=Deployment,outcome=clean} = %v, want ≥ 1", n)
	}
}

// updateDeployment applies change to the current Deployment, retrying on conflicts (the
// deployment controller writes it too).
func updateDeployment(t *testing.T, apps *typedappsv1.AppsV1Client, ns, name string, change func(*appsv1.Deployment)) error {
	return retry.RetryOnConflict(retry.DefaultRetry, func() error {
		d, err := apps.Deployments(ns).Get(ctxFor(t), name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		change(d)
		_, err = apps.Deployments(ns).Update(ctxFor(t), d, metav1.UpdateOptions{})
		return err
	})
}

// hasWarning reports whether a warning contains want.
func hasWarning(warnings []string, want string) bool {
	return slices.ContainsFunc(warnings, func(w string) bool { return strings.Contains(w, want) })
}
