// Package coherence holds the invariants that tie podpatterns' two webhooks and its
// lifecycle semantics together, checked over the golden corpus, by a fuzz target and in
// the e2e suite:
//
//   - Coherence: when a pod satisfies its namespace's profile as submitted, it still
//     satisfies it after the mutating webhook changed it (podpatterns never denies what
//     podpatterns injected).
//   - Lifecycle: in a pod podpatterns gave a preStop hook, terminationGracePeriodSeconds
//     covers every container's preStop plus the shutdown budget, and every classic helper
//     stops no earlier than the longest app preStop.
package coherence
