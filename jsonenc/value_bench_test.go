package jsonenc

import (
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// BenchmarkAppendValue writes a container as the chain injects it (a sidecar with env,
// resources, a mount and a probe), the shape most of the patch's bytes are.
func BenchmarkAppendValue(b *testing.B) {
	c := corev1.Container{Name: "log", Image: "fluent-bit:3", Args: []string{"-c", "/etc/fb.conf"},
		Env: []corev1.EnvVar{{Name: "A", Value: "b"}, {Name: "POD", ValueFrom: &corev1.EnvVarSource{
			FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.name"}}}},
		Resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{"cpu": resource.MustParse("50m"),
			"memory": resource.MustParse("64Mi")}},
		VolumeMounts: []corev1.VolumeMount{{Name: "logs", MountPath: "/var/log"}},
		ReadinessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{Exec: &corev1.ExecAction{Command: []string{"true"}}},
			PeriodSeconds: 5}}
	v := reflect.ValueOf(&c).Elem()
	buf := make([]byte, 0, 4096)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = AppendValue(buf[:0], v)
	}
}
