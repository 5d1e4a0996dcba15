package mutators

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

func validConfigTemplate() ConfigTemplate {
	t := ConfigTemplate{TemplatesConfigMap: "app-templates", ParamsConfigMap: "app-params", MountPath: "/etc/app"}
	t.Default("app")
	return t
}

func TestConfigTemplateDefault(t *testing.T) {
	tmpl := validConfigTemplate()
	if !tmpl.Resources.Requests.Cpu().Equal(resource.MustParse("50m")) || !tmpl.Resources.Limits.Memory().Equal(resource.MustParse("64Mi")) {
		t.Errorf("defaulted resources = %v", tmpl.Resources)
	}
	own := ConfigTemplate{Resources: corev1.ResourceRequirements{Limits: corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("1Gi")}}}
	own.Default("own")
	if len(own.Resources.Requests) != 0 || len(own.Resources.Limits) != 1 {
		t.Errorf("resources the admin wrote were changed: %v", own.Resources)
	}
	// Defaults are copies: changing one template's must not change the next one's.
	tmpl.Resources.Limits[corev1.ResourceCPU] = resource.MustParse("5")
	if other := validConfigTemplate(); other.Resources.Limits.Cpu().Equal(resource.MustParse("5")) {
		t.Error("templates share their default resource lists")
	}
}

func TestConfigTemplateValidate(t *testing.T) {
	q := resource.MustParse
	tests := []struct {
		name   string
		change func(*ConfigTemplate)
		want   []string
	}{
		{name: "valid", change: func(*ConfigTemplate) {}},
		{name: "no templates ConfigMap", change: func(t *ConfigTemplate) { t.TemplatesConfigMap = "" },
			want: []string{"c.templatesConfigMap: Required value"}},
		{name: "params ConfigMap not a name", change: func(t *ConfigTemplate) { t.ParamsConfigMap = "Params_Map" },
			want: []string{"c.paramsConfigMap: Invalid value"}},
		{name: "relative mount path", change: func(t *ConfigTemplate) { t.MountPath = "etc/app" },
			want: []string{"c.mountPath: Invalid value"}},
		{name: "request above limit", change: func(t *ConfigTemplate) { t.Resources.Requests[corev1.ResourceCPU] = q("1") },
			want: []string{"c.resources.requests[cpu]: Invalid value"}},
		{name: "resource other than cpu and memory", change: func(t *ConfigTemplate) { t.Resources.Limits["nvidia.com/gpu"] = q("1") },
			want: []string{"c.resources.limits[nvidia.com/gpu]: Unsupported value"}},
		{name: "zero limit", change: func(t *ConfigTemplate) { t.Resources.Limits[corev1.ResourceMemory] = q("0") },
			want: []string{"c.resources.limits[memory]: Invalid value", "c.resources.requests[memory]: Invalid value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl := validConfigTemplate()
			tt.change(&tmpl)
			checkErrors(t, tmpl.Validate(field.NewPath("c")), tt.want)
		})
	}
}

func TestLifecycleConfig(t *testing.T) {
	tests := []struct {
		name   string
		config LifecycleConfig
		want   []string
	}{
		{name: "defaults", config: LifecycleConfig{}},
		{name: "shutdown 0 is kept", config: LifecycleConfig{PreStop: PreStopConfig{ShutdownSeconds: ptrTo(int64(0))}}},
		{name: "negative shutdown", config: LifecycleConfig{PreStop: PreStopConfig{ShutdownSeconds: ptrTo(int64(-1))}},
			want: []string{"l.preStop.shutdownSeconds: Invalid value"}},
		{name: "cap below sleep", config: LifecycleConfig{PreStop: PreStopConfig{SleepSeconds: 10, MaxSleepSeconds: 5}},
			want: []string{"l.preStop.maxSleepSeconds: Invalid value"}},
		{name: "cap above an hour", config: LifecycleConfig{PreStop: PreStopConfig{MaxSleepSeconds: 3601}},
			want: []string{"l.preStop.maxSleepSeconds: Invalid value"}},
		{name: "unknown mode", config: LifecycleConfig{PreStop: PreStopConfig{Mode: "signal"}},
			want: []string{"l.preStop.mode: Unsupported value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.config
			c.Default()
			checkErrors(t, c.Validate(field.NewPath("l")), tt.want)
		})
	}
	// The documented defaults, as literals (comparing with the constant would let a change
	// of the default pass): a 30 s sleep covers endpoint propagation (README Decisions).
	var c LifecycleConfig
	c.Default()
	if p := c.PreStop; p.SleepSeconds != 30 || p.MaxSleepSeconds != 60 || *p.ShutdownSeconds != 30 || p.Mode != PreStopSleep {
		t.Errorf("defaults = %+v (shutdown %d)", p, *p.ShutdownSeconds)
	}
	// A config written for the old 5 s default may cap the sleep below the new default:
	// it stays valid, the cap becomes its default sleep.
	capped := LifecycleConfig{PreStop: PreStopConfig{MaxSleepSeconds: 20}}
	capped.Default()
	if capped.PreStop.SleepSeconds != 20 || len(capped.Validate(field.NewPath("l"))) != 0 {
		t.Errorf("maxSleepSeconds 20 without sleepSeconds: defaulted to %d, errors %v", capped.PreStop.SleepSeconds, capped.Validate(field.NewPath("l")))
	}
	zero := LifecycleConfig{PreStop: PreStopConfig{ShutdownSeconds: ptrTo(int64(0))}}
	zero.Default()
	if *zero.PreStop.ShutdownSeconds != 0 {
		t.Errorf("an explicit shutdownSeconds 0 was defaulted to %d", *zero.PreStop.ShutdownSeconds)
	}
}

func TestValidateReservedNames(t *testing.T) {
	emptyDir := corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}
	tests := []struct {
		name   string
		change func(*Config)
		want   []string
	}{
		{name: "no clash", change: func(*Config) {}},
		{name: "sidecar named like the renderer", change: func(c *Config) {
			c.Sidecars["s"] = SidecarTemplate{Container: corev1.Container{Name: RenderContainerName}}
		}, want: []string{"sidecars[s].container.name: Invalid value"}},
		{name: "sidecar volume named like the Downward API volume", change: func(c *Config) {
			c.Sidecars["s"] = SidecarTemplate{Volumes: []corev1.Volume{{Name: "podinfo", VolumeSource: emptyDir}}}
		}, want: []string{"sidecars[s].volumes[0].name: Invalid value"}},
		{name: "sidecar volume named like a renderer volume", change: func(c *Config) {
			c.Sidecars["s"] = SidecarTemplate{Volumes: []corev1.Volume{{Name: RenderOutputVolume, VolumeSource: emptyDir}}}
		}, want: []string{"sidecars[s].volumes[0].name: Invalid value"}},
		{name: "Downward API volume named like a renderer volume", change: func(c *Config) {
			c.DownwardAPI.VolumeName = RenderParamsVolume
		}, want: []string{"downwardAPI.volumeName: Invalid value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Config{Sidecars: map[string]SidecarTemplate{}}
			c.DownwardAPI.Default()
			tt.change(&c)
			checkErrors(t, validateReservedNames(nil, &c), tt.want)
		})
	}
}

func TestDownwardAPIConfigDefault(t *testing.T) {
	var c DownwardAPIConfig
	c.Default()
	if c.VolumeName != "podinfo" || c.MountPath != "/etc/podinfo" || !*c.Env || !*c.Resources || c.ByDefault {
		t.Errorf("defaults = %+v", c)
	}
	off := DownwardAPIConfig{Env: ptrTo(false), Resources: ptrTo(false)}
	off.Default()
	if *off.Env || *off.Resources {
		t.Error("explicit false switches were defaulted to true")
	}
}
