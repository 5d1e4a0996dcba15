package mutators

// Adapter (Kubernetes Patterns, ch. 16): a container that exposes the app's output in a
// standard form (metrics in Prometheus format, logs in a common schema), sharing a
// volume or a port with the app. Adapters are `kind: adapter` templates of the
// `sidecars:` config section, selected by podpatterns.io/adapters; the container
// injector (sidecar.go) does the injecting for all three container kinds, so a name of
// another kind is reported (wrong-kind) rather than ignored.
func newAdapter(cfg Config, opts Options) Mutator {
	return newContainerInjector(KindAdapter, cfg.Sidecars, opts)
}
