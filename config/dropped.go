package config

import "sort"

// Dropped returns the profiles and the templates (as "sidecars/<name>",
// "configTemplates/<name>" and "configImages/<name>") that old defines and next does not, sorted. Namespaces and
// pods may still name them: profile namespaces then get unknown-profile denials and
// pods lose their injection, so the server logs and counts every drop (podpatterns
// keeps applying the new config: a removal is often deliberate, and no name is ever
// silently ignored — see docs).
func Dropped(old, next *Loaded) (profiles, templates []string) {
	for name := range old.Config.Profiles {
		if _, ok := next.Config.Profiles[name]; !ok {
			profiles = append(profiles, name)
		}
	}
	for name := range old.Config.Sidecars {
		if _, ok := next.Config.Sidecars[name]; !ok {
			templates = append(templates, "sidecars/"+name)
		}
	}
	for name := range old.Config.ConfigTemplates {
		if _, ok := next.Config.ConfigTemplates[name]; !ok {
			templates = append(templates, "configTemplates/"+name)
		}
	}
	for name := range old.Config.ConfigImages {
		if _, ok := next.Config.ConfigImages[name]; !ok {
			templates = append(templates, "configImages/"+name)
		}
	}
	sort.Strings(profiles)
	sort.Strings(templates)
	return profiles, templates
}
