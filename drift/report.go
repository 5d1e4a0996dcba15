package drift

import (
	"slices"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/mutators"
)

// Drifted is one workload with pods injected from templates that differ from the config.
type Drifted struct {
	Workload
	// Pods is how many of its pods carry a status; DriftedPods how many of them differ.
	Pods, DriftedPods int
	// Revisions are the config revisions its drifted pods were injected with.
	Revisions []string
	// Changes are the differing templates over all its pods (each once).
	Changes []Change
}

// Report groups pods (their metadata) by workload and returns the workloads with at
// least one drifted pod, sorted by namespace, kind and name. Pods without a status
// annotation (never injected) are ignored.
func Report(pods []metav1.ObjectMeta, owners Owners, revision string, hash Hasher) []Drifted {
	byWorkload := map[Workload]*Drifted{}
	for _, m := range pods {
		s, ok := mutators.ParseStatus(m.Annotations[mutators.AnnotationStatus])
		if !ok {
			continue
		}
		w := owners.WorkloadOf(m)
		d := byWorkload[w]
		if d == nil {
			d = &Drifted{Workload: w}
			byWorkload[w] = d
		}
		d.Pods++
		changes := Changes(s, revision, hash)
		if len(changes) == 0 {
			continue
		}
		d.DriftedPods++
		if !slices.Contains(d.Revisions, s.Revision) {
			d.Revisions = append(d.Revisions, s.Revision)
		}
		for _, c := range changes {
			if !slices.Contains(d.Changes, c) {
				d.Changes = append(d.Changes, c)
			}
		}
	}
	var out []Drifted
	for _, d := range byWorkload {
		if d.DriftedPods > 0 {
			slices.Sort(d.Revisions)
			slices.SortFunc(d.Changes, func(a, b Change) int { return strings.Compare(a.String(), b.String()) })
			out = append(out, *d)
		}
	}
	slices.SortFunc(out, func(a, b Drifted) int { return strings.Compare(a.String(), b.String()) })
	return out
}

// CountRevisions counts the injected pods (those with a status annotation) by the
// config revision they were injected with.
func CountRevisions(pods []metav1.ObjectMeta) map[string]int {
	counts := map[string]int{}
	for _, m := range pods {
		if s, ok := mutators.ParseStatus(m.Annotations[mutators.AnnotationStatus]); ok {
			counts[s.Revision]++
		}
	}
	return counts
}
