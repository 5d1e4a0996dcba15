package webhook

import (
	"sync/atomic"
	"testing"
	"time"

	schedulingv1 "k8s.io/api/scheduling/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// lateLister finds its class only after a number of lookups (a late watch event).
type lateLister struct {
	after int32
	calls atomic.Int32
}

func (l *lateLister) Get(name string) (*schedulingv1.PriorityClass, error) {
	if l.calls.Add(1) > l.after {
		return &schedulingv1.PriorityClass{ObjectMeta: metav1.ObjectMeta{Name: name}}, nil
	}
	return nil, apierrors.NewNotFound(schema.GroupResource{Group: "scheduling.k8s.io", Resource: "priorityclasses"}, name)
}

func TestPriorityClassMissWaitsForTheCache(t *testing.T) {
	late := &waitingPriorityClasses{lister: &lateLister{after: 3}, wait: time.Second}
	if pc, err := late.Get("batch"); err != nil || pc.Name != "batch" {
		t.Fatalf("late class: %v %v", pc, err)
	}
	never := &waitingPriorityClasses{lister: &lateLister{after: 1 << 30}, wait: 50 * time.Millisecond}
	start := time.Now()
	if _, err := never.Get("nope"); !apierrors.IsNotFound(err) {
		t.Fatalf("missing class: want NotFound, got %v", err)
	}
	if waited := time.Since(start); waited < 50*time.Millisecond || waited > 2*time.Second {
		t.Errorf("waited %s, want about the bound", waited)
	}
}
