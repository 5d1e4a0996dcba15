package chartrender

import (
	"fmt"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
)

// OfKind returns the objects of a kind, in install order.
func (m *Manifests) OfKind(kind string) []*unstructured.Unstructured {
	var out []*unstructured.Unstructured
	for _, obj := range m.Objects {
		if obj.GetKind() == kind {
			out = append(out, obj)
		}
	}
	return out
}

// Find returns the object of a kind and name, or nil.
func (m *Manifests) Find(kind, name string) *unstructured.Unstructured {
	for _, obj := range m.Objects {
		if obj.GetKind() == kind && obj.GetName() == name {
			return obj
		}
	}
	return nil
}

// Decode converts the object of a kind and name into a typed object (e.g. *appsv1.Deployment),
// strictly: a field the Go type does not know is an error, which catches a misspelled
// field in a template before any apiserver sees it.
func (m *Manifests) Decode(kind, name string, into any) error {
	obj := m.Find(kind, name)
	if obj == nil {
		return fmt.Errorf("no %s %q rendered", kind, name)
	}
	return DecodeStrict(obj, into)
}

// DecodeStrict converts one unstructured object into a typed one, rejecting unknown fields.
func DecodeStrict(obj *unstructured.Unstructured, into any) error {
	if err := runtime.DefaultUnstructuredConverter.FromUnstructuredWithValidation(obj.Object, into, true); err != nil {
		return fmt.Errorf("%s %s: %w", obj.GetKind(), obj.GetName(), err)
	}
	return nil
}
