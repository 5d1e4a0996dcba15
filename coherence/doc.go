// Package coherence holds the invariants that tie podpatterns' two webhooks and its
// lifecycle semantics together, checked over the golden corpus, by a fuzz target and in
// the e2e suite:
//
//   - Coherence: when a pod satisfies its namespace's profile as submitted, it still
//     satisfies it after the mutating webhook changed it (podpatterns never denies what
//     podpatterns injected).
//   - Lifecycle: in a pod whose termination podpatterns shaped, the status's termination
//     plan is the pod's (the kubelet's order: main containers, then native sidecars in
//     reverse), terminationGracePeriodSeconds covers it (up to the configured cap), and
//     every classic helper sleeps through the app's drain and shutdown.
package coherence
