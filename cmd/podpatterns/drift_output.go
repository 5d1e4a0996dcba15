package main

import (
	"fmt"
	"io"

	"github.com/podpatterns/podpatterns/drift"
)

// driftOutput is `drift -o json`: the config revision compared with, and each drifted
// workload with its restart command (a dry run, as with --restart).
type driftOutput struct {
	Revision string            `json:"revision"`
	Drifted  []driftedWorkload `json:"drifted"`
}

type driftedWorkload struct {
	Namespace   string          `json:"namespace"`
	Kind        string          `json:"kind"`
	Name        string          `json:"name"`
	Pods        int             `json:"pods"`
	DriftedPods int             `json:"driftedPods"`
	Revisions   []string        `json:"revisions"`
	Changes     []driftedChange `json:"changes"`
	Restart     string          `json:"restart"`
}

type driftedChange struct {
	Pattern  string `json:"pattern"`
	Template string `json:"template"`
	Why      string `json:"why"`
}

func newDriftOutput(ds []drift.Drifted, revision string) driftOutput {
	out := driftOutput{Revision: revision, Drifted: []driftedWorkload{}}
	for _, d := range ds {
		w := driftedWorkload{Namespace: d.Namespace, Kind: d.Kind, Name: d.Name, Pods: d.Pods, DriftedPods: d.DriftedPods,
			Revisions: d.Revisions, Restart: drift.RestartCommand(d.Workload)}
		for _, c := range d.Changes {
			w.Changes = append(w.Changes, driftedChange{Pattern: string(c.Pattern), Template: c.Template, Why: string(c.Why)})
		}
		out.Drifted = append(out.Drifted, w)
	}
	return out
}

// writeDrift prints the report as text or JSON; with exitOnDrift a drifted workload
// makes the command exit 1 (as `git diff --exit-code`), for a CI gate.
func writeDrift(w io.Writer, output string, ds []drift.Drifted, revision string, restart, exitOnDrift bool) error {
	if output == "json" {
		if err := writeJSON(w, newDriftOutput(ds, revision)); err != nil {
			return err
		}
	} else {
		printDrift(w, ds, revision, restart)
	}
	if exitOnDrift && len(ds) > 0 {
		return &exitError{code: 1, err: fmt.Errorf("%d workload(s) drifted from config revision %s", len(ds), revision)}
	}
	return nil
}
