package validators

import "k8s.io/apimachinery/pkg/util/validation/field"

// The field paths every request's violations start from, built once: a field.Path is
// never changed after it is made (Child, Index and Key return new ones pointing to
// it), so requests share them. Paths below them are built only for a violation.
var (
	specPath           = field.NewPath("spec")
	containersPath     = specPath.Child("containers")
	initContainersPath = specPath.Child("initContainers")
)
