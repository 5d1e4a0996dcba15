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
// removes from the config being served. What a namespace names was refused before
// (refuseDroppedInUse); the rest applies (a removal is often deliberate, and the server
// cannot see every pod annotation that names a template), but never silently: pods
// naming a dropped template get an unknown-template warning. Alert on the metric.
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
		"profiles", profiles, "templates", templates, "revision", next.Revision, "previous", current.Revision())
}
