package mutators

import "github.com/podpatterns/podpatterns/jsonenc"

// SharedJSON is the JSON of the objects this revision injects by reference — the
// config's templates (their args, env, mounts, ports, security contexts, volume
// sources, app env) and the package's prebuilt objects — written once when the chain
// is built, for the patch writer to copy instead of encoding them for every pod
// (patch.PodShared). Nil for a chain built without New: then everything is encoded.
func (c *Chain) SharedJSON() *jsonenc.Shared { return c.shared }

// withSharedJSON precomputes SharedJSON from cfg, the config the chain's mutators read
// their templates from, the package's prebuilt objects and revision, the objects the
// chain's mutators built once for this config (the renderers' volumes and containers,
// the preStop hook).
func (c *Chain) withSharedJSON(cfg Config, revision ...any) *Chain {
	roots := []any{cfg}
	for _, o := range prebuiltObjects {
		roots = append(roots, o)
	}
	c.revisionObjects = revision
	c.shared = jsonenc.Precompute(append(roots, revision...)...)
	return c
}

// prebuiltObjects are the injected objects built once at package init and shared by
// every pod they go into (TestChainLeavesSharedObjectsAlone checks them too).
var prebuiltObjects = map[string]any{
	"podInfoVars":               podInfoVars,
	"renderArgs":                renderArgs,
	"renderMounts":              renderMounts,
	"restrictedSecurityContext": restrictedSecurityContext,
	"downwardAPIFixedItems":     downwardAPIFixedItems,
	"restartAlways":             restartAlways,
}
