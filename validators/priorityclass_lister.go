package validators

import (
	schedulingv1 "k8s.io/api/scheduling/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/mutators"
)

// StaticPriorityClasses is a mutators.PriorityClassGetter over a fixed set of classes, for the
// CLI (classes read from a file, plus the system ones) and for tests.
type StaticPriorityClasses map[string]*schedulingv1.PriorityClass

var _ mutators.PriorityClassGetter = StaticPriorityClasses(nil)

// NewStaticPriorityClasses returns a lister over the system classes and classes.
func NewStaticPriorityClasses(classes ...*schedulingv1.PriorityClass) StaticPriorityClasses {
	out := StaticPriorityClasses{}
	for _, name := range sortedSystemClasses() {
		out[name] = &schedulingv1.PriorityClass{ObjectMeta: metav1.ObjectMeta{Name: name}, Value: systemPriorityClasses[name]}
	}
	for _, pc := range classes {
		out[pc.Name] = pc
	}
	return out
}

// Get returns the class named name, or a NotFound error as the informer lister does.
func (s StaticPriorityClasses) Get(name string) (*schedulingv1.PriorityClass, error) {
	if pc, ok := s[name]; ok {
		return pc, nil
	}
	return nil, apierrors.NewNotFound(schedulingv1.Resource("priorityclass"), name)
}
