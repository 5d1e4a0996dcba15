// Package scenario is the demo's content: namespaces, a PriorityClass pair, the
// ConfigMaps the example templates mount, and one workload per pattern and per profile
// mode, each with what it must show. The demo command (test/demo) applies it to its own
// local cluster and prints the report; the e2e suite applies it to its shared one and
// fails on any broken promise, so `make demo` cannot rot unnoticed.
package scenario

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// Kinds of demo workloads.
const (
	KindDeployment = "Deployment"
	KindJob        = "Job"
	KindPod        = "Pod"
)

// LabelWorkload marks the pods of each demo workload.
const LabelWorkload = "demo.podpatterns.io/workload"

// Expect is what a workload must show; the zero value expects an admitted pod.
type Expect struct {
	// Injected lists "pattern/template" entries the status annotation must record.
	Injected []string
	// Untouched: no podpatterns.io/status annotation at all.
	Untouched bool
	// Denied, Warned, Audited name a rule that must appear in the denial, the warnings
	// or the audit annotations.
	Denied, Warned, Audited validators.Rule
	// QOS is the QoS class the stored pod must have ("" to not check).
	QOS corev1.PodQOSClass
}

// Workload is one demo object and its story.
type Workload struct {
	Namespace, Kind, Name string
	// Story is one line: which book pattern or rule it shows.
	Story string
	// Pod is the pod (or pod template) as a user writes it.
	Pod    corev1.Pod
	Expect Expect
}

// Namespace is a demo namespace and why it is labelled the way it is.
type Namespace struct {
	Name        string
	Labels      map[string]string
	Annotations map[string]string
	Story       string
}

// Scenario is everything the demo creates.
type Scenario struct {
	Namespaces      []Namespace
	PriorityClasses map[string]int32
	Workloads       []*Workload
}

// sized are a small Guaranteed container's resources: every example profile accepts
// them, and the example sidecars (requests equal to limits) keep the pod Guaranteed.
func sized() corev1.ResourceRequirements {
	rl := corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100m"), corev1.ResourceMemory: resource.MustParse("128Mi")}
	return corev1.ResourceRequirements{Requests: rl, Limits: rl.DeepCopy()}
}

// app is a pod with one app container and the given annotations.
func app(annotations map[string]string, resources corev1.ResourceRequirements) corev1.Pod {
	return corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Annotations: annotations},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{
			Name: "app", Image: "docker.io/library/nginx:1.27", Resources: resources,
			Ports: []corev1.ContainerPort{{Name: "http", ContainerPort: 8080}},
		}}},
	}
}

// asks is an annotation map.
func asks(kv ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// Names of the demo namespaces.
const (
	NSPatterns   = "demo-patterns"
	NSDefaults   = "demo-ns-defaults"
	NSEnforce    = "demo-enforce"
	NSWarn       = "demo-warn"
	NSAudit      = "demo-audit"
	NSGuaranteed = "demo-guaranteed"
)

// Default is the demo: every pattern of examples/config.yaml and every profile mode.
func Default() *Scenario {
	inject := map[string]string{mutators.LabelInject: mutators.InjectEnabled}
	profile := func(name string, mode validators.Mode, extra map[string]string) map[string]string {
		l := map[string]string{mutators.LabelProfile: name}
		if mode != "" {
			l[validators.LabelProfileMode] = string(mode)
		}
		for k, v := range extra {
			l[k] = v
		}
		return l
	}
	return &Scenario{
		Namespaces: []Namespace{
			{Name: NSPatterns, Labels: inject, Story: "opted into the patterns; each pod asks for its own by annotation"},
			{Name: NSDefaults, Labels: inject, Annotations: asks(mutators.AnnotationSidecars, "log-shipper", mutators.AnnotationDownwardAPI, "true"),
				Story: "namespace annotations are defaults for its pods"},
			{Name: NSEnforce, Labels: profile("standard", "", nil), Story: "profile standard, enforce: requests required, BestEffort forbidden"},
			{Name: NSWarn, Labels: profile("standard", validators.ModeWarn, nil), Story: "profile standard, warn: admitted with warnings"},
			{Name: NSAudit, Labels: profile("standard", validators.ModeAudit, nil), Story: "profile standard, audit: admitted, violations in the audit log"},
			{Name: NSGuaranteed, Labels: profile("guaranteed", "", inject), Story: "profile guaranteed (priority value ≤ 1000000) and the patterns"},
		},
		PriorityClasses: map[string]int32{"demo-high": 1000, "demo-critical": 2_000_000},
		Workloads:       append(patternWorkloads(), profileWorkloads()...),
	}
}
