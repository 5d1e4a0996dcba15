package mutators

import (
	"slices"

	corev1 "k8s.io/api/core/v1"
)

// injectedCopy is a template's container for one pod, copied on write rather than deep:
// its slices are the config's, clipped (an append copies them), its resources its own
// (containerFor and the fitting of init containers edit them); everything else a
// pointer reaches is the config's, shared by every pod and never written through: a
// mutator that changes such a field gives the container a new value (addPreStop,
// readiness probes, the restart policy). TestInjectedCopyClipsEverySlice and
// TestChainLeavesSharedObjectsAlone hold it to that; a deep copy per template was a
// fifth of the all-patterns chain's allocations.
func injectedCopy(t *corev1.Container) *corev1.Container {
	c := *t
	c.Command = slices.Clip(c.Command)
	c.Args = slices.Clip(c.Args)
	c.Ports = slices.Clip(c.Ports)
	c.EnvFrom = slices.Clip(c.EnvFrom)
	c.Env = slices.Clip(c.Env)
	c.ResizePolicy = slices.Clip(c.ResizePolicy)
	c.RestartPolicyRules = slices.Clip(c.RestartPolicyRules)
	c.VolumeMounts = slices.Clip(c.VolumeMounts)
	c.VolumeDevices = slices.Clip(c.VolumeDevices)
	t.Resources.DeepCopyInto(&c.Resources)
	return &c
}
