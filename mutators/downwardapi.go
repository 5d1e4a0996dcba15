package mutators

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// BuiltinTemplate is the template name reported (status annotation, metrics) by the
// patterns configured by one config section rather than by named templates: Downward
// API and preStop.
const BuiltinTemplate = "builtin"

// downwardAPI implements the Self Awareness pattern (chapter 13): a Downward API volume
// with the pod's labels and annotations and each app container's cpu/memory requests and
// limits, mounted read-only into the app containers, and env vars naming the pod, its
// namespace, IP, node and service account.
type downwardAPI struct {
	cfg DownwardAPIConfig
	// sidecars tell injected classic containers from app containers.
	sidecars map[string]SidecarTemplate
}

var _ Mutator = (*downwardAPI)(nil)

// newDownwardAPI returns the mutator for a defaulted section.
func newDownwardAPI(cfg Config) *downwardAPI {
	return &downwardAPI{cfg: cfg.DownwardAPI, sidecars: cfg.Sidecars}
}

// Name is the pattern name.
func (m *downwardAPI) Name() string { return string(PatternDownwardAPI) }

// Mutate injects the volume, mounts and env when the pod (or its namespace, or the
// config default) asks for them. A volume of the configured name that is not the one
// podpatterns would add, or another volume at the mount path, skips the volume with a
// warning, and the env is still injected; env vars a container already defines are left
// alone, and the others go before the user's own (addEnvFirst).
func (m *downwardAPI) Mutate(req *Request) {
	setting, ok := switchAnnotation(req, AnnotationDownwardAPI, m.cfg.ByDefault)
	if !ok {
		return
	}
	if !setting.on {
		if setting.turnedOff {
			req.Report.Skip(PatternDownwardAPI, BuiltinTemplate, SkipDisabled, false, "%s=false", AnnotationDownwardAPI)
		}
		return
	}
	pod := req.Pod
	apps := appContainers(make([]int, 0, appsOnStack), pod, m.sidecars)
	if len(apps) == 0 {
		req.Report.Skip(PatternDownwardAPI, BuiltinTemplate, SkipNotApplicable, setting.explicit, "the pod has no app container")
		return
	}
	changed := false
	if problem := m.volumeProblem(pod, apps); problem != "" {
		if *m.cfg.Env {
			problem += ": only the env vars are injected"
		}
		req.Report.Skip(PatternDownwardAPI, BuiltinTemplate, SkipNameConflict, true, "%s", problem)
	} else {
		changed = m.addVolume(req, apps)
	}
	if *m.cfg.Env {
		for _, i := range apps {
			c := req.container(i)
			n, added := req.addEnvFirst(c, podInfoEnv())
			warnEnvFrom(&req.Report, c, string(PatternDownwardAPI), added)
			changed = changed || n > 0
		}
	}
	if changed {
		req.Report.Inject(PatternDownwardAPI, BuiltinTemplate)
	}
}

// volumeProblem says why the volume cannot be added ("" when it can): a volume of the
// configured name with other content, or another volume at the mount path.
func (m *downwardAPI) volumeProblem(pod *corev1.Pod, apps []int) string {
	if have := findVolume(pod, m.cfg.VolumeName); have != nil {
		if want := m.volume(pod, apps); !m.ours(pod, have, &want) {
			return fmt.Sprintf("the pod already has a volume %q with other content", want.Name)
		}
	}
	return mountConflict(pod, apps, m.cfg.VolumeName, m.cfg.MountPath)
}

// addVolume adds the volume (unless it is there) and mounts it into the app containers
// apps; it reports whether it changed the pod.
func (m *downwardAPI) addVolume(req *Request, apps []int) bool {
	changed := false
	if findVolume(req.Pod, m.cfg.VolumeName) == nil {
		req.addVolume(m.volume(req.Pod, apps))
		changed = true
	}
	if mountIntoApps(req, apps, corev1.VolumeMount{Name: m.cfg.VolumeName, MountPath: m.cfg.MountPath, ReadOnly: true}) {
		changed = true
	}
	return changed
}

// ours reports whether the pod's volume have is the one this pattern adds: identical to
// want, or a Downward API volume podpatterns recorded injecting (on reinvocation another
// webhook may have added a container since, so the items differ; the volume is then left
// as it is and only the new container is wired).
func (m *downwardAPI) ours(pod *corev1.Pod, have, want *corev1.Volume) bool {
	if sameVolumeSource(have.VolumeSource, want.VolumeSource) {
		return true
	}
	return have.DownwardAPI != nil && statusRecords(pod, PatternDownwardAPI)
}

// volume builds the Downward API volume for the app containers apps: the fixed items
// shared, the resource files of all the containers in one slice of items, one of
// selectors and one path string per container.
func (m *downwardAPI) volume(pod *corev1.Pod, apps []int) corev1.Volume {
	n := len(downwardAPIFixedItems)
	if *m.cfg.Resources {
		n += len(resourceFiles) * len(apps)
	}
	items := append(make([]corev1.DownwardAPIVolumeFile, 0, n), downwardAPIFixedItems...)
	if *m.cfg.Resources {
		selectors := make([]corev1.ResourceFieldSelector, 0, len(resourceFiles)*len(apps)) // never grows: items point into it
		for _, i := range apps {
			items, selectors = appendResourceItems(items, selectors, pod.Spec.Containers[i].Name)
		}
	}
	return corev1.Volume{Name: m.cfg.VolumeName, VolumeSource: corev1.VolumeSource{
		DownwardAPI: &corev1.DownwardAPIVolumeSource{Items: items},
	}}
}

// downwardAPIFixedItems are the volume's first files, the same in every pod: built once,
// their selectors shared (TestChainLeavesSharedObjectsAlone).
var downwardAPIFixedItems = []corev1.DownwardAPIVolumeFile{
	{Path: "labels", FieldRef: fieldRef("metadata.labels")},
	{Path: "annotations", FieldRef: fieldRef("metadata.annotations")},
}

// The divisors of the resource files: cpu in millicores (the default divisor 1 would
// round 100m up to "1"), memory in bytes.
var (
	cpuDivisor    = resource.MustParse("1m")
	memoryDivisor = resource.MustParse("1")
)

// resourceFiles are the four resource files of one container, under
// resources/<container>/: requests.cpu and limits.cpu (millicores), requests.memory and
// limits.memory (bytes). A limit the container does not set reads as the node's
// allocatable capacity (the kubelet's rule).
var resourceFiles = []struct {
	resource string
	divisor  resource.Quantity
}{{"requests.cpu", cpuDivisor}, {"limits.cpu", cpuDivisor}, {"requests.memory", memoryDivisor}, {"limits.memory", memoryDivisor}}

// appendResourceItems appends the resource files of container to items, their selectors
// to selectors (which must have room for them), the paths cut from one string.
func appendResourceItems(items []corev1.DownwardAPIVolumeFile, selectors []corev1.ResourceFieldSelector, container string) ([]corev1.DownwardAPIVolumeFile, []corev1.ResourceFieldSelector) {
	const dir = "resources/"
	var b strings.Builder
	b.Grow(len(resourceFiles)*(len(dir)+len(container)+1) + len("requests.cpulimits.cpurequests.memorylimits.memory"))
	for _, f := range resourceFiles {
		b.WriteString(dir)
		b.WriteString(container)
		b.WriteByte('/')
		b.WriteString(f.resource)
	}
	paths := b.String()
	for _, f := range resourceFiles {
		n := len(dir) + len(container) + 1 + len(f.resource)
		selectors = append(selectors, corev1.ResourceFieldSelector{ContainerName: container, Resource: f.resource, Divisor: f.divisor.DeepCopy()})
		items = append(items, corev1.DownwardAPIVolumeFile{Path: paths[:n], ResourceFieldRef: &selectors[len(selectors)-1]})
		paths = paths[n:]
	}
	return items, selectors
}

// podInfoEnv are the env vars of the pattern, also given to the config-template renderer.
// The slice is shared and read-only: addEnv gives every container its own deep copy.
func podInfoEnv() []corev1.EnvVar { return podInfoVars }

var podInfoVars = func() []corev1.EnvVar {
	env := func(name, path string) corev1.EnvVar {
		return corev1.EnvVar{Name: name, ValueFrom: &corev1.EnvVarSource{FieldRef: fieldRef(path)}}
	}
	return []corev1.EnvVar{
		env("POD_NAME", "metadata.name"),
		env("POD_NAMESPACE", "metadata.namespace"),
		env("POD_IP", "status.podIP"),
		env("NODE_NAME", "spec.nodeName"),
		env("POD_SERVICE_ACCOUNT", "spec.serviceAccountName"),
	}
}()

// fieldRef selects a pod field. The apiVersion is written out (the apiserver's default),
// so the pod reads the same before and after the apiserver decodes it.
func fieldRef(path string) *corev1.ObjectFieldSelector {
	return &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: path}
}

// mountConflict returns why volume cannot be mounted at mountPath in the app containers
// (another volume is mounted there), or "".
func mountConflict(pod *corev1.Pod, apps []int, volume, mountPath string) string {
	for _, i := range apps {
		c := &pod.Spec.Containers[i]
		for _, have := range c.VolumeMounts {
			if samePath(have.MountPath, mountPath) && have.Name != volume {
				return fmt.Sprintf("container %q already mounts volume %q at %s", c.Name, have.Name, mountPath)
			}
		}
	}
	return ""
}

// findVolume returns the pod's volume named name, or nil.
func findVolume(pod *corev1.Pod, name string) *corev1.Volume {
	for i := range pod.Spec.Volumes {
		if pod.Spec.Volumes[i].Name == name {
			return &pod.Spec.Volumes[i]
		}
	}
	return nil
}

// statusRecords reports whether the pod's status annotation says pattern was injected.
// It is a hint for telling podpatterns' own objects from the user's, never the only check.
func statusRecords(pod *corev1.Pod, pattern Pattern) bool {
	s, ok := ParseStatus(pod.Annotations[AnnotationStatus])
	return ok && len(s.Injected[pattern]) > 0
}

// switchSetting is the effective value of a "true"/"false" annotation.
type switchSetting struct {
	// on is the setting: the pod's value, else the namespace's, else the config default.
	on bool
	// explicit says an annotation (pod or namespace) decided it.
	explicit bool
	// turnedOff says an annotation turned off what the layer below it (the namespace
	// default under a pod annotation, the config default under a namespace one) turned
	// on: a skip worth counting.
	turnedOff bool
}

// switchAnnotation reads a "true"/"false" annotation. Any other value denies the pod
// (ok false).
func switchAnnotation(req *Request, key string, byDefault bool) (s switchSetting, ok bool) {
	value, found := req.Annotation(key)
	if !found {
		return switchSetting{on: byDefault}, true
	}
	switch value {
	case "true", "false":
	default:
		refuseValue(req, PatternDownwardAPI, key, field.NotSupported(annotationSourcePath(req, key), clip(value), []string{"true", "false"}))
		return switchSetting{}, false
	}
	below := byDefault
	if v, inherited := inheritedValue(req, key); inherited {
		below = v == "true"
	}
	on := value == "true"
	return switchSetting{on: on, explicit: true, turnedOff: !on && below}, true
}

// inheritedValue is the value key would have without the layer that decided it: the
// namespace's when the pod sets key itself; none (the config default) when the
// namespace decided.
func inheritedValue(req *Request, key string) (string, bool) {
	if _, own := req.Pod.Annotations[key]; own {
		v, ok := req.Namespace.Annotations[key]
		return v, ok
	}
	return "", false
}
