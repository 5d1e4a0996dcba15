package mutators

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// validTemplate is a template that passes Validate; cases break one thing each.
func validTemplate() SidecarTemplate {
	return SidecarTemplate{
		Container: corev1.Container{
			Image:        "registry.example.com/shipper:1",
			VolumeMounts: []corev1.VolumeMount{{Name: "logs", MountPath: "/logs", ReadOnly: true}},
		},
		Volumes:         []corev1.Volume{{Name: "logs", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}},
		AppVolumeMounts: []corev1.VolumeMount{{Name: "logs", MountPath: "/var/log/app"}},
		AppEnv:          []corev1.EnvVar{{Name: "LOG_DIR", Value: "/var/log/app"}},
	}
}

func TestSidecarTemplateValidate(t *testing.T) {
	always := corev1.ContainerRestartPolicyAlways
	tests := []struct {
		name   string
		change func(*SidecarTemplate)
		want   []string // "field: type" of every expected error; nil when valid
	}{
		{name: "valid", change: func(*SidecarTemplate) {}},
		{name: "unknown kind", change: func(t *SidecarTemplate) { t.Kind = "proxy" },
			want: []string{"s.kind: Unsupported value"}},
		{name: "unknown position", change: func(t *SidecarTemplate) { t.Position = "middle" },
			want: []string{"s.position: Unsupported value"}},
		{name: "unknown placement", change: func(t *SidecarTemplate) { t.Placement = "during-init" },
			want: []string{"s.placement: Unsupported value"}},
		{name: "before-init is native only", change: func(t *SidecarTemplate) { t.Placement = PlacementBeforeInit; t.Native = ptrTo(false) },
			want: []string{"s.placement: Invalid value"}},
		{name: "before-init native", change: func(t *SidecarTemplate) { t.Placement = PlacementBeforeInit }},
		{name: "no image", change: func(t *SidecarTemplate) { t.Container.Image = "" },
			want: []string{"s.container.image: Required value"}},
		{name: "container name not a label", change: func(t *SidecarTemplate) { t.Container.Name = "Ship_per" },
			want: []string{"s.container.name: Invalid value"}},
		{name: "restartPolicy written", change: func(t *SidecarTemplate) { t.Container.RestartPolicy = &always },
			want: []string{"s.container.restartPolicy: Forbidden"}},
		{name: "container mounts a volume the template lacks", change: func(t *SidecarTemplate) { t.Container.VolumeMounts[0].Name = "data" },
			want: []string{"s.container.volumeMounts[0].name: Not found"}},
		{name: "app mount of a volume the template lacks", change: func(t *SidecarTemplate) { t.AppVolumeMounts[0].Name = "data" },
			want: []string{"s.appVolumeMounts[0].name: Not found"}},
		{name: "relative app mount path", change: func(t *SidecarTemplate) { t.AppVolumeMounts[0].MountPath = "logs" },
			want: []string{"s.appVolumeMounts[0].mountPath: Invalid value"}},
		{name: "duplicate app mount path", change: func(t *SidecarTemplate) {
			t.AppVolumeMounts = append(t.AppVolumeMounts, corev1.VolumeMount{Name: "logs", MountPath: "/var/log/app"})
		}, want: []string{"s.appVolumeMounts[1].mountPath: Duplicate value"}},
		{name: "app mount without name", change: func(t *SidecarTemplate) { t.AppVolumeMounts[0].Name = "" },
			want: []string{"s.appVolumeMounts[0].name: Required value"}},
		{name: "duplicate volume", change: func(t *SidecarTemplate) { t.Volumes = append(t.Volumes, t.Volumes[0]) },
			want: []string{"s.volumes[1].name: Duplicate value"}},
		{name: "bad env name", change: func(t *SidecarTemplate) { t.AppEnv[0].Name = "1=x" },
			want: []string{"s.appEnv[0].name: Invalid value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl := validTemplate()
			tt.change(&tmpl)
			tmpl.Default("shipper")
			checkErrors(t, tmpl.Validate(field.NewPath("s")), tt.want)
		})
	}
}

func TestSidecarTemplateDefault(t *testing.T) {
	tmpl := SidecarTemplate{}
	tmpl.Default("log-shipper")
	if tmpl.Kind != KindSidecar || !tmpl.IsNative() || tmpl.Position != PositionLast || tmpl.Container.Name != "log-shipper" {
		t.Errorf("defaults: %+v", tmpl)
	}
	classic := false
	tmpl = SidecarTemplate{Native: &classic, Container: corev1.Container{Name: "proxy"}}
	tmpl.Default("redis")
	if tmpl.IsNative() || tmpl.Container.Name != "proxy" {
		t.Errorf("explicit values overwritten: %+v", tmpl)
	}
}

func TestValidateTemplateSet(t *testing.T) {
	hostPath := corev1.Volume{Name: "logs", VolumeSource: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/var/log"}}}
	tests := []struct {
		name string
		set  func() map[string]SidecarTemplate
		want []string
	}{
		{name: "same container name", set: func() map[string]SidecarTemplate {
			a, b := validTemplate(), validTemplate()
			a.Container.Name, b.Container.Name = "proxy", "proxy"
			return map[string]SidecarTemplate{"a": a, "b": b}
		}, want: []string{"s[b].container.name: Duplicate value"}},
		{name: "shared volume, same content", set: func() map[string]SidecarTemplate {
			a, b := validTemplate(), validTemplate()
			a.Container.Name, b.Container.Name = "a", "b"
			return map[string]SidecarTemplate{"a": a, "b": b}
		}},
		{name: "shared volume name, other content", set: func() map[string]SidecarTemplate {
			a, b := validTemplate(), validTemplate()
			a.Container.Name, b.Container.Name = "a", "b"
			b.Volumes = []corev1.Volume{hostPath}
			return map[string]SidecarTemplate{"a": a, "b": b}
		}, want: []string{"s[b].volumes[0]: Invalid value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErrors(t, validateTemplateSet(field.NewPath("s"), tt.set()), tt.want)
		})
	}
}

// checkErrors compares errs with the wanted "field: type" prefixes, in order.
func checkErrors(t *testing.T, errs field.ErrorList, want []string) {
	t.Helper()
	if len(errs) != len(want) {
		t.Fatalf("got %d errors %v, want %d %v", len(errs), errs, len(want), want)
	}
	for i, err := range errs {
		if !strings.HasPrefix(err.Error(), want[i]) {
			t.Errorf("error %d = %q, want prefix %q", i, err.Error(), want[i])
		}
	}
}

func TestSameVolumeSource(t *testing.T) {
	mode := int32(0o644)
	other := int32(0o600)
	hostType := corev1.HostPathUnset
	tests := []struct {
		name string
		a, b corev1.VolumeSource
		want bool
	}{
		{name: "emptyDir", a: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}, b: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}, want: true},
		{name: "emptyDir medium differs",
			a: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}, b: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{Medium: corev1.StorageMediumMemory}}},
		{name: "configMap defaulted mode",
			a: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "c"}}},
			b: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "c"}, DefaultMode: &mode}}, want: true},
		{name: "configMap other mode",
			a: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "c"}}},
			b: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "c"}, DefaultMode: &other}}},
		{name: "configMap other name",
			a: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "c"}}},
			b: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "d"}}}},
		{name: "secret defaulted mode",
			a: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: "s"}},
			b: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: "s", DefaultMode: &mode}}, want: true},
		{name: "downwardAPI defaulted mode and apiVersion",
			a: corev1.VolumeSource{DownwardAPI: &corev1.DownwardAPIVolumeSource{Items: []corev1.DownwardAPIVolumeFile{{Path: "labels", FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.labels"}}}}},
			b: corev1.VolumeSource{DownwardAPI: &corev1.DownwardAPIVolumeSource{DefaultMode: &mode, Items: []corev1.DownwardAPIVolumeFile{{Path: "labels", FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.labels"}}}}}, want: true},
		{name: "hostPath defaulted type",
			a: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/x"}},
			b: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/x", Type: &hostType}}, want: true},
		{name: "different types",
			a: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}},
			b: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/x"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sameVolumeSource(tt.a, tt.b); got != tt.want {
				t.Errorf("sameVolumeSource = %v, want %v", got, tt.want)
			}
			if got := sameVolumeSource(tt.b, tt.a); got != tt.want {
				t.Errorf("not symmetric: %v", got)
			}
		})
	}
}
