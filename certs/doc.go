// Package certs serves the webhook's TLS certificate when cert-manager is not installed
// (the chart's certManager.enabled=false).
//
// A Manager keeps a private CA and a serving certificate in ONE Secret that every replica
// shares, patches the CA bundle into the server's own two webhook configurations, and
// hands the current certificate to the TLS server through GetCertificate, so a rotated
// certificate is served without a restart.
//
// Replicas never coordinate other than through the Secret: every change is a Create (a
// loser sees AlreadyExists) or an Update carrying the resourceVersion it was computed from
// (a loser sees Conflict), after which the loser re-reads the Secret and finds nothing
// left to do. No leader election is needed.
//
// Rotation never breaks a handshake. A new CA is first added to the bundle next to the
// old one; only after this replica has patched the bundle into both webhook configurations
// and Options.PropagationDelay has passed is a serving certificate signed by the new CA
// issued. The old CA stays in the bundle until it expires, so a replica still serving the
// previous certificate remains trusted until it reloads.
//
// cert-manager's own webhook does the same job with its library
// (github.com/cert-manager/cert-manager/pkg/server/tls, DynamicSource and
// authority.DynamicAuthority). It compiles with our k8s.io v0.37 modules but is not used:
// it builds its client from a *rest.Config (no fake clientset in tests) and reads
// time.Now (no injected clock), replaces the CA in one step with no old+new overlap in
// the bundle, leaves caBundle patching to cainjector, and pulls cert-manager's API types
// (ACME, Gateway API, LDAP, zap, OpenTelemetry) into the binary. See docs/chart.md.
package certs
