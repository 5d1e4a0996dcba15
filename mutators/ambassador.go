package mutators

// Ambassador (Kubernetes Patterns, ch. 17): a local proxy next to the app that hides how
// to reach a remote service; the template's appEnv points the app at it. Ambassadors
// are `kind: ambassador` templates of the `sidecars:` config section, selected by
// podpatterns.io/ambassadors; the container injector (sidecar.go) does the injecting.
func newAmbassador(cfg Config, opts Options) Mutator {
	return newContainerInjector(KindAmbassador, cfg.Sidecars, opts)
}
