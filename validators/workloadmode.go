package validators

import "k8s.io/apimachinery/pkg/util/validation/field"

// WorkloadModes are the values of Profile.WorkloadMode: what the workloads webhook
// (/validate-workloads) does with a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or
// CronJob whose pods this profile would deny. Warn (the default) admits it with one
// warning per problem; enforce denies it with the pods' own message. Audit is not one:
// the pods' decision is the record, the workload check is feedback.
var WorkloadModes = []Mode{ModeWarn, ModeEnforce}

// defaultWorkloadMode fills in an unset workload mode.
func (p *Profile) defaultWorkloadMode() {
	if p.WorkloadMode == "" {
		p.WorkloadMode = ModeWarn
	}
}

// validateWorkloadMode checks a defaulted workload mode.
func (p *Profile) validateWorkloadMode(path *field.Path) field.ErrorList {
	if p.WorkloadMode == ModeWarn || p.WorkloadMode == ModeEnforce {
		return nil
	}
	return field.ErrorList{field.NotSupported(path.Child("workloadMode"), p.WorkloadMode, WorkloadModes)}
}
