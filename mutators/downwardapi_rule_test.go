package mutators

import (
	"fmt"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// TestDownwardAPIVolumeRule states the Downward API volume's layout (until now only a
// golden file's bytes held it): labels and annotations first, then per app container,
// in order, resources/<container>/ requests.cpu and limits.cpu in millicores (divisor
// 1m: the default 1 would round 100m up to "1"), requests.memory and limits.memory in
// bytes (divisor 1), each selecting its own container.
func TestDownwardAPIVolumeRule(t *testing.T) {
	cfg := Config{}
	cfg.Default()
	m := newDownwardAPI(cfg)
	pod := &corev1.Pod{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app"}, {Name: "skipped"}, {Name: "web"}}}}
	v := m.volume(pod, []int{0, 2})
	if v.Name != cfg.DownwardAPI.VolumeName || v.DownwardAPI == nil {
		t.Fatalf("volume %q %+v, want %q with a downwardAPI source", v.Name, v.VolumeSource, cfg.DownwardAPI.VolumeName)
	}
	want := []string{"labels metadata.labels", "annotations metadata.annotations"}
	for _, c := range []string{"app", "web"} {
		for _, f := range []string{"requests.cpu 1m", "limits.cpu 1m", "requests.memory 1", "limits.memory 1"} {
			var res, div string
			fmt.Sscan(f, &res, &div)
			want = append(want, fmt.Sprintf("resources/%s/%s %s:%s/%s", c, res, c, res, div))
		}
	}
	var got []string
	for _, it := range v.DownwardAPI.Items {
		switch {
		case it.FieldRef != nil:
			got = append(got, it.Path+" "+it.FieldRef.FieldPath)
		case it.ResourceFieldRef != nil:
			r := it.ResourceFieldRef
			got = append(got, fmt.Sprintf("%s %s:%s/%s", it.Path, r.ContainerName, r.Resource, r.Divisor.String()))
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("items\n got %v\nwant %v", got, want)
	}
}
