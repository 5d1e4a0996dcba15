package nodestack

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
)

// ingress is an ingress-like load balancer: it follows a Service's EndpointSlices, sends
// to ready endpoints only, and applies each change propagationDelay after the apiserver
// published it — the time a real ingress controller or kube-proxy takes to reprogram.
type ingress struct {
	client           kubernetes.Interface
	namespace, svc   string
	port             int
	propagationDelay time.Duration

	mu        sync.Mutex
	endpoints []string
	sent      atomic.Int64
	failed    atomic.Int64
	lastErr   atomic.Value
}

// follow watches the Service's EndpointSlices until ctx ends.
func (in *ingress) follow(ctx context.Context) error {
	w, err := in.client.DiscoveryV1().EndpointSlices(in.namespace).Watch(ctx, metav1.ListOptions{
		LabelSelector: discoveryv1.LabelServiceName + "=" + in.svc,
	})
	if err != nil {
		return err
	}
	go func() {
		defer w.Stop()
		for ev := range w.ResultChan() {
			s, ok := ev.Object.(*discoveryv1.EndpointSlice)
			if !ok {
				continue
			}
			ready := readyAddresses(s)
			if ev.Type == watch.Deleted {
				ready = nil
			}
			time.AfterFunc(in.propagationDelay, func() { in.set(ready) })
		}
	}()
	return nil
}

func readyAddresses(s *discoveryv1.EndpointSlice) []string {
	var out []string
	for _, e := range s.Endpoints {
		if e.Conditions.Ready != nil && *e.Conditions.Ready {
			out = append(out, e.Addresses...)
		}
	}
	sort.Strings(out)
	return out
}

func (in *ingress) set(eps []string) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.endpoints = eps
}

func (in *ingress) pick(i int64) string {
	in.mu.Lock()
	defer in.mu.Unlock()
	if len(in.endpoints) == 0 {
		return ""
	}
	return in.endpoints[int(i)%len(in.endpoints)]
}

// drive sends one request every interval until ctx ends (at most max requests). A
// request with no endpoint to send to counts as failed, like a 503 from an ingress.
func (in *ingress) drive(ctx context.Context, interval time.Duration, max int64) {
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for i := int64(0); i < max; i++ {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		in.sent.Add(1)
		ep := in.pick(i)
		if ep == "" {
			in.fail(fmt.Errorf("no ready endpoint"))
			continue
		}
		resp, err := client.Get(fmt.Sprintf("http://%s:%d/hostname", ep, in.port))
		if err != nil {
			in.fail(err)
			continue
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			in.fail(fmt.Errorf("%s: %s", ep, resp.Status))
		}
	}
}

func (in *ingress) fail(err error) {
	in.failed.Add(1)
	in.lastErr.Store(err.Error())
}
