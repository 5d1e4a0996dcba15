package mutators

// place is where an injector puts a container: index of spec.initContainers (init) or
// of spec.containers. The breaks-profile check reads the pod with the container there
// (podresources.With) before Request.insertContainer puts it there, so both see the
// same place.
type place struct {
	init  bool
	index int
}
