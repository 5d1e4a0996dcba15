package mutators

import (
	"slices"

	corev1 "k8s.io/api/core/v1"
)

// restartAlways is the restart policy of every native sidecar podpatterns injects,
// shared (TestChainLeavesSharedObjectsAlone).
var restartAlways = ptrTo(corev1.ContainerRestartPolicyAlways)

// injectedCopy is a template's container for one pod, copied on write rather than deep:
// its slices are the config's, clipped (an append copies them); its resource lists and
// everything a pointer reaches are the config's, shared by every pod and never written
// through: a mutator that changes such a field gives the container a new value
// (containerFor's Guaranteed requests, addPreStop, readiness probes, the restart
// policy). TestInjectedCopyClipsEverySlice and TestChainLeavesSharedObjectsAlone hold it
// to that; a deep copy per template was a fifth of the all-patterns chain's allocations.
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
	return &c
}
