package mutators_test

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// shaper turns fuzz bytes into a valid pod shape: names unique, mounts naming volumes
// that exist; everything else (names clashing with templates, ports, resources, restart
// policy, pod-level resources) is left to the bytes.
type shaper struct {
	data []byte
	used map[string]bool
}

func (s *shaper) next() byte {
	if len(s.data) == 0 {
		return 0
	}
	b := s.data[0]
	s.data = s.data[1:]
	return b
}

func (s *shaper) pick(options ...string) string { return options[int(s.next())%len(options)] }

var (
	containerNames = []string{"app", "web", "log-shipper", "prometheus-exporter", "redis-ambassador", "vault-agent", "worker"}
	images         = []string{"registry.example.com/app:1.0", "cr.fluentbit.io/fluent/fluent-bit:3.2.4", "registry.example.com/vault-agent:1.18"}
)

func (s *shaper) pod() *corev1.Pod {
	s.used = map[string]bool{}
	pod := &corev1.Pod{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Name: "fuzz", Annotations: map[string]string{}},
	}
	pod.Spec.RestartPolicy = corev1.RestartPolicy(s.pick("", "Always", "Never", "OnFailure"))
	volumes := s.volumes()
	pod.Spec.Volumes = volumes
	for range 1 + int(s.next())%3 {
		if c, ok := s.container(volumes); ok {
			pod.Spec.Containers = append(pod.Spec.Containers, c)
		}
	}
	if len(pod.Spec.Containers) == 0 {
		pod.Spec.Containers = []corev1.Container{{Name: "main", Image: images[0]}}
	}
	for range int(s.next()) % 3 {
		if c, ok := s.container(volumes); ok {
			if s.next()%2 == 0 {
				always := corev1.ContainerRestartPolicyAlways
				c.RestartPolicy = &always
			}
			pod.Spec.InitContainers = append(pod.Spec.InitContainers, c)
		}
	}
	if s.next()%5 == 0 {
		r := s.resources()
		pod.Spec.Resources = &r
	}
	return pod
}

func (s *shaper) volumes() []corev1.Volume {
	var vols []corev1.Volume
	switch s.next() % 4 {
	case 1:
		vols = append(vols, corev1.Volume{Name: "app-logs", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}})
	case 2:
		vols = append(vols, corev1.Volume{Name: "app-logs", VolumeSource: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/var/log"}}})
	case 3:
		vols = append(vols, corev1.Volume{Name: "redis-ambassador-config", VolumeSource: corev1.VolumeSource{
			ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "redis-ambassador"}}}})
	}
	if s.next()%2 == 0 {
		vols = append(vols, corev1.Volume{Name: "data", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}})
	}
	return vols
}

func (s *shaper) container(volumes []corev1.Volume) (corev1.Container, bool) {
	name := s.pick(containerNames...)
	if s.used[name] {
		return corev1.Container{}, false
	}
	s.used[name] = true
	c := corev1.Container{Name: name, Image: s.pick(images...), Resources: s.resources()}
	switch s.next() % 4 {
	case 1:
		c.Ports = []corev1.ContainerPort{{ContainerPort: 9113}}
	case 2:
		c.Ports = []corev1.ContainerPort{{ContainerPort: 8080, Protocol: corev1.ProtocolTCP}}
	case 3:
		c.Ports = []corev1.ContainerPort{{ContainerPort: 9113, Protocol: corev1.ProtocolUDP}}
	}
	if s.next()%3 == 0 {
		c.Env = []corev1.EnvVar{{Name: "REDIS_HOST", Value: "redis.example.com"}}
	}
	if len(volumes) > 0 && s.next()%2 == 0 {
		v := volumes[int(s.next())%len(volumes)]
		c.VolumeMounts = []corev1.VolumeMount{{Name: v.Name, MountPath: s.pick("/var/log/app", "/data", "/etc/envoy")}}
	}
	return c, true
}

func (s *shaper) resources() corev1.ResourceRequirements {
	q := func(v string) resource.Quantity { return resource.MustParse(v) }
	switch s.next() % 5 {
	case 1: // guaranteed
		l := corev1.ResourceList{corev1.ResourceCPU: q("1"), corev1.ResourceMemory: q("1Gi")}
		return corev1.ResourceRequirements{Requests: l.DeepCopy(), Limits: l}
	case 2: // limits only
		return corev1.ResourceRequirements{Limits: corev1.ResourceList{corev1.ResourceCPU: q("500m"), corev1.ResourceMemory: q("256Mi")}}
	case 3: // requests only
		return corev1.ResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceMemory: q("64Mi")}}
	case 4: // small guaranteed (a pod-level budget the templates overflow)
		l := corev1.ResourceList{corev1.ResourceCPU: q("50m"), corev1.ResourceMemory: q("64Mi")}
		return corev1.ResourceRequirements{Requests: l.DeepCopy(), Limits: l}
	}
	return corev1.ResourceRequirements{}
}
