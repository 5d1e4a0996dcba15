package mutators

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// TestPreStopSeconds: the durations the grace period and the classic helpers' hooks are
// computed from; a hook whose duration cannot be read counts as 0.
func TestPreStopSeconds(t *testing.T) {
	exec := func(cmd ...string) *corev1.LifecycleHandler {
		return &corev1.LifecycleHandler{Exec: &corev1.ExecAction{Command: cmd}}
	}
	tests := []struct {
		name string
		hook *corev1.LifecycleHandler
		want int64
	}{
		{"none", nil, 0},
		{"sleep action", &corev1.LifecycleHandler{Sleep: &corev1.SleepAction{Seconds: 60}}, 60},
		{"exec sleep", exec("sleep", "45"), 45},
		{"exec /bin/sleep with unit", exec("/bin/sleep", "20s"), 20},
		{"sh -c sleep", exec("/bin/sh", "-c", "sleep 15"), 15},
		{"bash -c sleep then more", exec("bash", "-c", "sleep 12; nginx -s quit"), 12},
		{"sh -c sleep && more", exec("sh", "-c", "sleep 7&&kill 1"), 7},
		{"sh -c other first", exec("sh", "-c", "nginx -s quit; sleep 30"), 0},
		{"fraction", exec("sleep", "1.5"), 0},
		{"minutes", exec("sleep", "1m"), 0},
		{"negative", exec("sleep", "-3"), 0},
		{"sleep with extra args", exec("sleep", "5", "6"), 0},
		{"httpGet", &corev1.LifecycleHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/drain"}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &corev1.Container{}
			if tt.hook != nil {
				c.Lifecycle = &corev1.Lifecycle{PreStop: tt.hook}
			}
			if got := PreStopSeconds(c); got != tt.want {
				t.Errorf("preStopSeconds = %d, want %d", got, tt.want)
			}
		})
	}
}
