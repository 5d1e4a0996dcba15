package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/pflag"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/rest"

	"github.com/podpatterns/podpatterns/drift"
	"github.com/podpatterns/podpatterns/webhook"
)

// podScanPause is the pause between two pages of the pod scan: a cluster of 50,000 pods
// is listed in 100 pages over about two minutes, never in one burst.
const podScanPause = time.Second

// podScanFlags are --pod-revision-scan-interval: podpatterns_pods_by_revision from a
// periodic, paged list of pod metadata, off the request path (no pod informer).
type podScanFlags struct{ interval time.Duration }

func (p *podScanFlags) register(fs *pflag.FlagSet) {
	fs.DurationVar(&p.interval, "pod-revision-scan-interval", 0, "count injected pods per config revision into podpatterns_pods_by_revision this often (at least 1m; 0: off; needs list on pods)")
}

// apply sets the server's scan (a cluster is needed: not with --standalone).
func (p *podScanFlags) apply(o *webhook.Options, cfg *rest.Config) error {
	if p.interval == 0 {
		return nil
	}
	if p.interval < webhook.MinPodScanInterval {
		return fmt.Errorf("--pod-revision-scan-interval %s: at least %s", p.interval, webhook.MinPodScanInterval)
	}
	client, err := metadata.NewForConfig(cfg)
	if err != nil {
		return err
	}
	r := drift.Reader{Client: client, Pause: podScanPause}
	o.PodScanInterval = p.interval
	o.PodScan = func(ctx context.Context) (map[string]int, error) {
		pods, err := r.Pods(ctx, "")
		return drift.CountRevisions(pods), err
	}
	return nil
}
