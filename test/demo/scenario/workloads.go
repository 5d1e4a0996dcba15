package scenario

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// patternWorkloads show each mutating pattern on its own, all at once, an opt-out, a
// Job, and namespace defaults.
func patternWorkloads() []*Workload {
	a := mutators.AnnotationSidecars
	return []*Workload{
		{Namespace: NSPatterns, Kind: KindDeployment, Name: "sidecar", Story: "Sidecar (ch. 15): a log shipper as a native sidecar",
			Pod: app(asks(a, "log-shipper"), sized()), Expect: Expect{Injected: []string{"sidecar/log-shipper"}, QOS: corev1.PodQOSGuaranteed}},
		{Namespace: NSPatterns, Kind: KindDeployment, Name: "adapter", Story: "Adapter (ch. 16): nginx status as Prometheus metrics",
			Pod: app(asks(mutators.AnnotationAdapters, "prometheus-exporter"), sized()), Expect: Expect{Injected: []string{"adapter/prometheus-exporter"}}},
		{Namespace: NSPatterns, Kind: KindDeployment, Name: "ambassador", Story: "Ambassador (ch. 17): a local Redis proxy, the app told where",
			Pod: app(asks(mutators.AnnotationAmbassadors, "redis"), sized()), Expect: Expect{Injected: []string{"ambassador/redis"}}},
		{Namespace: NSPatterns, Kind: KindDeployment, Name: "config-template", Story: "Configuration Template (ch. 21): config rendered by an init container",
			Pod: app(asks(mutators.AnnotationConfigTemplate, "nginx"), sized()), Expect: Expect{Injected: []string{"config-template/nginx"}}},
		{Namespace: NSPatterns, Kind: KindDeployment, Name: "self-aware", Story: "Self Awareness (ch. 13): Downward API volume and env",
			Pod: app(asks(mutators.AnnotationDownwardAPI, "true"), sized()), Expect: Expect{Injected: []string{"downward-api/builtin"}}},
		{Namespace: NSPatterns, Kind: KindDeployment, Name: "graceful", Story: "Managed Lifecycle (ch. 5): preStop sleep, grace period sized",
			Pod: app(asks(mutators.AnnotationPreStop, "10"), sized()), Expect: Expect{Injected: []string{"prestop/builtin"}}},
		{Namespace: NSPatterns, Kind: KindDeployment, Name: "everything", Story: "every pattern on one pod",
			Pod: app(asks(mutators.AnnotationConfigTemplate, "nginx", a, "log-shipper", mutators.AnnotationAdapters, "prometheus-exporter",
				mutators.AnnotationAmbassadors, "redis", mutators.AnnotationDownwardAPI, "true", mutators.AnnotationPreStop, "true"), sized()),
			Expect: Expect{Injected: []string{"config-template/nginx", "sidecar/log-shipper", "adapter/prometheus-exporter",
				"ambassador/redis", "downward-api/builtin", "prestop/builtin"}}},
		{Namespace: NSPatterns, Kind: KindDeployment, Name: "opted-out", Story: "podpatterns.io/inject=false: left alone",
			Pod: app(asks(mutators.AnnotationInject, "false", a, "log-shipper"), sized()), Expect: Expect{Untouched: true}},
		{Namespace: NSPatterns, Kind: KindJob, Name: "batch", Story: "a Job: the native sidecar lets it complete",
			Pod: jobPod(app(asks(a, "log-shipper"), sized())), Expect: Expect{Injected: []string{"sidecar/log-shipper"}}},
		{Namespace: NSDefaults, Kind: KindDeployment, Name: "bare", Story: "asks for nothing: gets the namespace's defaults",
			Pod: app(nil, sized()), Expect: Expect{Injected: []string{"sidecar/log-shipper", "downward-api/builtin"}}},
	}
}

// profileWorkloads show each profile mode and the priority class rules.
func profileWorkloads() []*Workload {
	none := corev1.ResourceRequirements{}
	guaranteed := func(class string) corev1.Pod {
		p := app(asks(mutators.AnnotationSidecars, "log-shipper"), sized())
		p.Spec.PriorityClassName = class
		return p
	}
	return []*Workload{
		{Namespace: NSEnforce, Kind: KindPod, Name: "best-effort", Story: "no requests: denied",
			Pod: app(nil, none), Expect: Expect{Denied: validators.RuleRequestsRequired}},
		{Namespace: NSEnforce, Kind: KindDeployment, Name: "best-effort", Story: "the same in a Deployment: the ReplicaSet's event says why",
			Pod: app(nil, none), Expect: Expect{Denied: validators.RuleRequestsRequired}},
		{Namespace: NSEnforce, Kind: KindPod, Name: "sized", Story: "requests set: admitted",
			Pod: app(nil, sized()), Expect: Expect{Untouched: true}},
		{Namespace: NSWarn, Kind: KindPod, Name: "best-effort", Story: "no requests: admitted, kubectl prints warnings",
			Pod: app(nil, none), Expect: Expect{Warned: validators.RuleRequestsRequired}},
		{Namespace: NSAudit, Kind: KindPod, Name: "best-effort", Story: "no requests: admitted, recorded in the audit log",
			Pod: app(nil, none), Expect: Expect{Audited: validators.RuleRequestsRequired}},
		{Namespace: NSGuaranteed, Kind: KindPod, Name: "web", Story: "Guaranteed with a sidecar injected: stays Guaranteed, class demo-high",
			Pod: guaranteed("demo-high"), Expect: Expect{Injected: []string{"sidecar/log-shipper"}, QOS: corev1.PodQOSGuaranteed}},
		{Namespace: NSGuaranteed, Kind: KindPod, Name: "too-important", Story: "class demo-critical (2000000) is above the profile's cap",
			Pod: guaranteed("demo-critical"), Expect: Expect{Denied: validators.RulePriorityClassValue}},
	}
}

// jobPod makes a pod template fit for a Job.
func jobPod(p corev1.Pod) corev1.Pod {
	p.Spec.RestartPolicy = corev1.RestartPolicyNever
	return p
}
