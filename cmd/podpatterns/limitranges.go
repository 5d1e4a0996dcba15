package main

import (
	"context"
	"encoding/json"
	"fmt"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/limitrange"
)

// offlineRanges are the LimitRanges the offline tools judge pods with, as the server
// reads them from its informer: those in -f and --limit-ranges (in their namespace, else
// -n's), and with --from-cluster each namespace's own, read once by namespaceOf.
type offlineRanges struct {
	given limitrange.Static
	live  map[string][]*corev1.LimitRange
}

var _ limitrange.Getter = (*offlineRanges)(nil)

// LimitRanges returns the ranges of namespace.
func (r *offlineRanges) LimitRanges(namespace string) ([]*corev1.LimitRange, error) {
	out, _ := r.given.LimitRanges(namespace)
	return append(out, r.live[namespace]...), nil
}

// collect keeps the LimitRange objects among docs, in namespace unless they name one.
func (r *offlineRanges) collect(docs []*document, namespace string) error {
	for _, d := range docs {
		if d.kind() != "LimitRange" {
			continue
		}
		raw, err := json.Marshal(d.obj)
		if err != nil {
			return err
		}
		lr := &corev1.LimitRange{}
		if err := json.Unmarshal(raw, lr); err != nil {
			return fmt.Errorf("%s: %w", d.name(), err)
		}
		if lr.Namespace == "" {
			lr.Namespace = namespace
		}
		r.given = append(r.given, lr)
	}
	return nil
}

// fetch reads namespace's LimitRanges from the cluster, once.
func (r *offlineRanges) fetch(ctx context.Context, c *clusterFlags, namespace string) error {
	if _, done := r.live[namespace]; done {
		return nil
	}
	view, err := c.connect()
	if err != nil {
		return err
	}
	items, err := view.LimitRanges(ctx, namespace)
	if err != nil {
		return err
	}
	if r.live == nil {
		r.live = map[string][]*corev1.LimitRange{}
	}
	r.live[namespace] = items
	return nil
}
