package mutators

import "strings"

// growth is how much the chain expects to add to one pod, from what the pod selects:
// the request grows each list it writes once for all of it (request_write.go) instead of
// once per mutator. It is a capacity hint, never a limit: a list that needs more grows
// again, one that gets less wastes a few slots.
type growth struct {
	// env and mounts: what one app container gets (the sum over every pattern).
	env, mounts int
	// containers, initContainers and volumes: what the pod gets.
	containers, initContainers, volumes int
}

// planner is a mutator that can tell, without reporting anything, what it would add.
type planner interface {
	plan(req *Request, g *growth)
}

// planGrowth sums the plans of ms into req.grow.
func planGrowth(req *Request, ms []Mutator) {
	for _, m := range ms {
		if p, ok := m.(planner); ok {
			p.plan(req, &req.grow)
		}
	}
}

// plan: every template of the kind the annotation names (unknown names, duplicates and
// denials are the Mutate's business; counted, they only waste a slot).
func (m *containerInjector) plan(req *Request, g *growth) {
	value, _ := req.Annotation(m.annotation)
	for part := range strings.SplitSeq(value, ",") {
		t, ok := m.templates[strings.Trim(part, " ")]
		if !ok || t.Kind != m.kind {
			continue
		}
		g.env += len(t.AppEnv)
		g.mounts += len(t.AppVolumeMounts)
		g.volumes += len(t.Volumes)
		if t.IsNative() {
			g.initContainers++
		} else {
			g.containers++
		}
	}
}

// plan: the renderer, its three volumes and the app mount.
func (m *configTemplater) plan(req *Request, g *growth) {
	value, _ := req.Annotation(AnnotationConfigTemplate)
	if _, ok := m.templates[strings.Trim(value, " ")]; ok {
		g.initContainers++
		g.volumes += 3
		g.mounts++
	}
}

// plan: the volume, the app mount and, in copy mode, the copy container.
func (m *configImager) plan(req *Request, g *growth) {
	value, _ := req.Annotation(AnnotationConfigImage)
	img, ok := m.images[strings.Trim(value, " ")]
	if !ok {
		return
	}
	g.volumes++
	g.mounts++
	if m.copies(img) {
		g.initContainers++
	}
}

// copies reports whether img is in copy mode. img is its own copy: taking its address
// for modeOf moves it to the heap, which only a pod that selects an image should pay.
func (m *configImager) copies(img ConfigImage) bool {
	return m.modeOf(&img) == ConfigImageCopy
}

// plan: the volume, the app mount and the pod info env.
func (m *downwardAPI) plan(req *Request, g *growth) {
	on := m.cfg.ByDefault
	if v, ok := req.Annotation(AnnotationDownwardAPI); ok {
		on = v == "true"
	}
	if !on {
		return
	}
	g.volumes++
	g.mounts++
	if *m.cfg.Env {
		g.env += len(podInfoVars)
	}
}
