// Package drift finds the pods whose injected templates no longer match the config
// (`podpatterns drift`, and the server's optional pods-per-revision scan): it reads each
// pod's podpatterns.io/status (the revision and, per injected template, the hash of the
// config entry it came from), compares the hashes with the current config, and groups
// pods by the workload that owns them (ReplicaSet → Deployment, Job → CronJob,
// StatefulSet, DaemonSet), so a user learns which workloads to restart and why.
package drift
