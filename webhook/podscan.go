package webhook

import (
	"context"
	"time"
)

// PodScan counts injected pods by the config revision they were injected with (drift:
// pod metadata listed page by page); the server runs it every PodScanInterval, off the
// request path.
type PodScan func(ctx context.Context) (map[string]int, error)

// MinPodScanInterval bounds how often the optional scan lists every pod.
const MinPodScanInterval = time.Minute

// runPodScan keeps podpatterns_pods_by_revision: a scan now, then every interval. A
// failed scan is logged and the last counts stay (the gauge is informational; the
// server never stops for it).
func (s *Server) runPodScan(ctx context.Context) error {
	if s.opts.PodScan == nil {
		return nil
	}
	interval := s.opts.PodScanInterval // the flag keeps it at MinPodScanInterval or more
	if interval <= 0 {
		interval = MinPodScanInterval
	}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		counts, err := s.opts.PodScan(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			s.opts.Logger.Error(err, "pod revision scan failed; podpatterns_pods_by_revision keeps the last counts")
		default:
			s.metrics.PodsByRevision.Reset()
			for rev, n := range counts {
				s.metrics.PodsByRevision.WithLabelValues(rev).Set(float64(n))
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}
