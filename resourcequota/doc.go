// Package resourcequota tells when the containers podpatterns injects take a pod over
// what its namespace's ResourceQuotas have left (status.hard - status.used), in the
// quota resource names of the API server's pod evaluator (read from Kubernetes 1.37
// pkg/quota/v1/evaluator/core, not copied): cpu and requests.cpu, limits.cpu, the same
// for memory and ephemeral-storage, requests.hugepages-*, requests.<extended>, for the
// quotas whose scopes select the pod.
//
// It only ever warns: a quota's status is what the quota controller last wrote, other
// pods are admitted concurrently, and ResourceQuota admission (the last step of
// admission) decides. podpatterns never denies or skips an injection for a quota.
package resourcequota
