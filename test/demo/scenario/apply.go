package scenario

import (
	"context"
	"fmt"
	"sync"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/rest"
	"k8s.io/utils/ptr"
)

// configMaps are the ConfigMaps examples/config.yaml's templates mount, so the demo pods
// would start on a node: the nginx Configuration Template and the Redis ambassador's config.
var configMaps = map[string]map[string]string{
	"nginx-templates":  {"default.conf.tmpl": "server {\n  listen {{ .Params.port }};\n  location /stub_status { stub_status; }\n}\n"},
	"nginx-params":     {"port": "8080"},
	"redis-ambassador": {"envoy.yaml": "# envoy redis_proxy listening on 127.0.0.1:6379\n"},
}

// Apply creates the scenario's objects. Pods are created directly (recording the answer,
// warnings included); Deployments and Jobs are handed to kube-controller-manager, and
// Collect finds their pods. cfg is an admin client config.
func (s *Scenario) Apply(ctx context.Context, client kubernetes.Interface, cfg *rest.Config) ([]*Outcome, error) {
	if err := s.applyBase(ctx, client); err != nil {
		return nil, err
	}
	outcomes := make([]*Outcome, len(s.Workloads))
	for i, w := range s.Workloads {
		o := &Outcome{Workload: w}
		outcomes[i] = o
		if err := create(ctx, client, cfg, w, o); err != nil {
			return nil, fmt.Errorf("%s %s/%s: %w", w.Kind, w.Namespace, w.Name, err)
		}
	}
	return outcomes, nil
}

// applyBase creates the namespaces, PriorityClasses and ConfigMaps.
func (s *Scenario) applyBase(ctx context.Context, client kubernetes.Interface) error {
	for _, ns := range s.Namespaces {
		obj := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns.Name, Labels: ns.Labels, Annotations: ns.Annotations}}
		if _, err := client.CoreV1().Namespaces().Create(ctx, obj, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			return err
		}
	}
	for name, value := range s.PriorityClasses {
		pc := &schedulingv1.PriorityClass{ObjectMeta: metav1.ObjectMeta{Name: name}, Value: value,
			Description: "podpatterns demo"}
		if _, err := client.SchedulingV1().PriorityClasses().Create(ctx, pc, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			return err
		}
	}
	for name, data := range configMaps {
		cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: name}, Data: data}
		if _, err := client.CoreV1().ConfigMaps(NSPatterns).Create(ctx, cm, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			return err
		}
	}
	return nil
}

// create creates one workload. A pod's denial is an outcome, not an error.
func create(ctx context.Context, client kubernetes.Interface, cfg *rest.Config, w *Workload, o *Outcome) error {
	labels := map[string]string{LabelWorkload: w.Name}
	tmpl := corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels, Annotations: w.Pod.Annotations}, Spec: w.Pod.Spec}
	meta := metav1.ObjectMeta{Name: w.Name, Namespace: w.Namespace}
	switch w.Kind {
	case KindDeployment:
		d := &appsv1.Deployment{ObjectMeta: meta, Spec: appsv1.DeploymentSpec{
			Replicas: ptr.To[int32](1), Selector: &metav1.LabelSelector{MatchLabels: labels}, Template: tmpl}}
		_, err := client.AppsV1().Deployments(w.Namespace).Create(ctx, d, metav1.CreateOptions{})
		return ignoreExists(err)
	case KindJob:
		j := &batchv1.Job{ObjectMeta: meta, Spec: batchv1.JobSpec{Template: tmpl, BackoffLimit: ptr.To[int32](0)}}
		_, err := client.BatchV1().Jobs(w.Namespace).Create(ctx, j, metav1.CreateOptions{})
		return ignoreExists(err)
	default:
		rec := &warnings{}
		c := rest.CopyConfig(cfg)
		c.WarningHandler = rec
		pods, err := typedcorev1.NewForConfig(c)
		if err != nil {
			return err
		}
		pod := &corev1.Pod{ObjectMeta: tmpl.ObjectMeta, Spec: tmpl.Spec}
		pod.Name, pod.Namespace = w.Name, w.Namespace
		o.Pod, o.Err = pods.Pods(w.Namespace).Create(ctx, pod, metav1.CreateOptions{})
		o.Warnings = rec.list()
		if o.Err != nil {
			o.Pod = nil
		}
		return ignoreExists(nil)
	}
}

func ignoreExists(err error) error {
	if apierrors.IsAlreadyExists(err) {
		return nil
	}
	return err
}

// warnings records the apiserver's warnings for one client, as kubectl prints them.
type warnings struct {
	mu   sync.Mutex
	msgs []string
}

// HandleWarningHeader implements rest.WarningHandler.
func (w *warnings) HandleWarningHeader(code int, _, text string) {
	if code == 299 && text != "" {
		w.mu.Lock()
		w.msgs = append(w.msgs, text)
		w.mu.Unlock()
	}
}

func (w *warnings) list() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.msgs...)
}
