package clusterview

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// PodTemplate is the pod a workload will create (its template's metadata and spec, in
// its namespace), named NAMESPACE/KIND/NAME; a bare pod is its own template.
type PodTemplate struct {
	Object string
	Pod    *corev1.Pod
}

// PodTemplates lists the pod templates of namespace's Deployments, StatefulSets,
// DaemonSets, ReplicaSets, Jobs and CronJobs, and its bare pods: those the user applies,
// not those a controller owns (a ReplicaSet of a Deployment, a Job of a CronJob, a pod of
// either), as the workload webhook skips them.
func (v View) PodTemplates(ctx context.Context, namespace string) ([]PodTemplate, error) {
	var out []PodTemplate
	add := func(kind string, meta metav1.ObjectMeta, tmpl corev1.PodTemplateSpec) {
		if metav1.GetControllerOf(&meta) != nil {
			return
		}
		pod := &corev1.Pod{ObjectMeta: *tmpl.ObjectMeta.DeepCopy(), Spec: *tmpl.Spec.DeepCopy()}
		pod.Namespace = namespace
		out = append(out, PodTemplate{Object: namespace + "/" + kind + "/" + meta.Name, Pod: pod})
	}
	apps, batch, opts := v.Client.AppsV1(), v.Client.BatchV1(), metav1.ListOptions{}
	deps, err := apps.Deployments(namespace).List(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("listing Deployments of %s: %w", namespace, err)
	}
	for _, o := range deps.Items {
		add("Deployment", o.ObjectMeta, o.Spec.Template)
	}
	sts, err := apps.StatefulSets(namespace).List(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("listing StatefulSets of %s: %w", namespace, err)
	}
	for _, o := range sts.Items {
		add("StatefulSet", o.ObjectMeta, o.Spec.Template)
	}
	dss, err := apps.DaemonSets(namespace).List(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("listing DaemonSets of %s: %w", namespace, err)
	}
	for _, o := range dss.Items {
		add("DaemonSet", o.ObjectMeta, o.Spec.Template)
	}
	rss, err := apps.ReplicaSets(namespace).List(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("listing ReplicaSets of %s: %w", namespace, err)
	}
	for _, o := range rss.Items {
		add("ReplicaSet", o.ObjectMeta, o.Spec.Template)
	}
	jobs, err := batch.Jobs(namespace).List(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("listing Jobs of %s: %w", namespace, err)
	}
	for _, o := range jobs.Items {
		add("Job", o.ObjectMeta, o.Spec.Template)
	}
	cjs, err := batch.CronJobs(namespace).List(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("listing CronJobs of %s: %w", namespace, err)
	}
	for _, o := range cjs.Items {
		add("CronJob", o.ObjectMeta, o.Spec.JobTemplate.Spec.Template)
	}
	pods, err := v.Client.CoreV1().Pods(namespace).List(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("listing Pods of %s: %w", namespace, err)
	}
	for _, o := range pods.Items {
		add("Pod", o.ObjectMeta, corev1.PodTemplateSpec{ObjectMeta: o.ObjectMeta, Spec: o.Spec})
	}
	return out, nil
}
