package mutatorstest

import (
	"encoding/json"
	"maps"
	"slices"

	"k8s.io/apimachinery/pkg/api/equality"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/coherence"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// Door is one row of the "one decision, three doors" table: a golden case in one
// namespace. The CLI (`inject`, `validate`), /mutate then /validate, and the real
// apiserver must give the admission core's decision for every row.
type Door struct {
	*Case
	// Profile is the profile the row's namespace names; "" is the case's own namespace
	// as written (which may name a profile of its own).
	Profile string
	// Namespace is the case's namespace with the profile label set to Profile.
	Namespace mutators.Namespace
	// ConfigData is the case's config with every shipped profile added (ShippedConfig).
	ConfigData []byte
}

// Doors returns the table for cases: each case in its own namespace, then in one
// namespace per profile of its shipped config (sorted), root being the repository root.
func Doors(root string, cases []*Case) ([]Door, error) {
	sources, err := coherence.ShippedProfiles(root)
	if err != nil {
		return nil, err
	}
	var out []Door
	for _, c := range cases {
		data, profiles, err := ShippedConfig(c, sources)
		if err != nil {
			return nil, err
		}
		out = append(out, Door{Case: c, Namespace: c.Namespace, ConfigData: data})
		for _, p := range profiles {
			if c.Namespace.Labels[mutators.LabelProfile] == p {
				continue // the case's own namespace is this row already
			}
			ns := c.Namespace
			ns.Labels = maps.Clone(ns.Labels)
			ns.Labels[mutators.LabelProfile] = p
			out = append(out, Door{Case: c, Profile: p, Namespace: ns, ConfigData: data})
		}
	}
	return out, nil
}

// ShippedConfig returns the case's config with the profiles podpatterns ships added
// (examples/config.yaml and the chart's default values): a profile the case's config
// lacks is added under its name; one whose name the config already uses for other rules
// is added as <source>-<name>. It returns the config (JSON, which config.Parse reads)
// and its profile names, sorted.
func ShippedConfig(c *Case, sources []coherence.ProfileSource) ([]byte, []string, error) {
	cfg, err := config.Parse(c.ConfigName, c.ConfigData)
	if err != nil {
		return nil, nil, err
	}
	merged := cfg.Config
	if merged.Profiles == nil {
		merged.Profiles = map[string]validators.Profile{}
	}
	for _, src := range sources {
		for _, name := range slices.Sorted(maps.Keys(src.Config.Profiles)) {
			p := src.Config.Profiles[name]
			have, taken := merged.Profiles[name]
			switch {
			case !taken:
				merged.Profiles[name] = p
			case !equality.Semantic.DeepEqual(have, p):
				merged.Profiles[src.Name+"-"+name] = p
			}
		}
	}
	data, err := json.Marshal(merged)
	if err != nil {
		return nil, nil, err
	}
	return data, slices.Sorted(maps.Keys(merged.Profiles)), nil
}

// Pipeline composes the row's pipeline (its merged config, the golden revision).
func (d Door) Pipeline() (*admission.Pipeline, error) {
	cfg, err := config.Parse(d.Case.ConfigName, d.ConfigData)
	if err != nil {
		return nil, err
	}
	cfg.Revision = Revision
	return admission.Compose(cfg, d.Case.Deps()), nil
}

// Name is the row's subtest name: the profile, or "own-namespace".
func (d Door) Name() string {
	if d.Profile == "" {
		return "own-namespace"
	}
	return d.Profile
}
