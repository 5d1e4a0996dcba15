package webhook

import (
	"errors"

	"github.com/podpatterns/podpatterns/config"
)

// Kind label values of podpatterns_config_dropped_total.
const (
	droppedProfile  = "profile"
	droppedTemplate = "template"
)

// errDropped is what the loud log line of a dropping reload says.
var errDropped = errors.New("the new config removes profiles or templates that namespaces and pods may still name")

// reportDropped logs at error level and counts every profile and template that next
// removes from the config being served, naming the namespaces that still name them
// (droppedInUse). The reload applies: a removal is often deliberate, a replica starting
// with the new file (the chart rolls the pods on every config change) could not refuse
// it anyway, and what it does is visible — a namespace default naming a dropped template
// skips it with a warning, a namespace naming a dropped profile gets every pod denied
// (unknown-profile) until it is relabelled: the PodpatternsConfigDroppedNames alert,
// this line and `podpatterns analyze` say which.
func (s *Server) reportDropped(next *config.Loaded) {
	current := s.handlers.Pipeline()
	if current == nil {
		return
	}
	profiles, templates := config.Dropped(current.Config, next)
	if len(profiles)+len(templates) == 0 {
		return
	}
	s.metrics.ConfigDropped.WithLabelValues(droppedProfile).Add(float64(len(profiles)))
	s.metrics.ConfigDropped.WithLabelValues(droppedTemplate).Add(float64(len(templates)))
	s.opts.Logger.Error(errDropped, "config reload drops names in use by namespaces or pods: "+
		"profile namespaces get unknown-profile, pods lose those injections",
		"profiles", profiles, "templates", templates, "namespaces", s.droppedInUse(profiles, templates),
		"revision", next.Revision, "previous", current.Revision())
}
