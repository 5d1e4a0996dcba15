package main

import (
	"context"
	"crypto/x509"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/podpatterns/podpatterns/test/cluster"
)

func run(ctx context.Context, o options) error {
	pl, err := payloads()
	if err != nil {
		return err
	}
	servers, err := startAll(ctx, o)
	if err != nil {
		return err
	}
	defer func() {
		for _, s := range servers {
			s.stop()
		}
	}()
	if err := checkAnswers(servers[srvPodpatterns], pl); err != nil {
		return err
	}
	res := newResults()
	for _, r := range rows { // warm-up: connections, caches, the first GC cycles
		if _, err := closedLoop(ctx, servers[r.server], pl[r.payload], o.concurrency, o.warmup); err != nil {
			return err
		}
	}
	for range o.rounds {
		for i, r := range rows {
			m0 := servers[r.server].mallocs()
			s, err := closedLoop(ctx, servers[r.server], pl[r.payload], o.concurrency, o.round)
			if err != nil {
				return err
			}
			res.addClosed(i, s, servers[r.server].mallocs()-m0)
			servers[r.server].settle()
		}
	}
	for range o.openRounds {
		for i, r := range rows {
			srv, p := servers[r.server], pl[r.payload]
			before, err := srv.handlerBuckets(p.endpoint)
			if err != nil {
				return err
			}
			s, err := openLoop(ctx, srv, p, o.rate/r.rateDivisor, o.open)
			if err != nil {
				return err
			}
			after, err := srv.handlerBuckets(p.endpoint)
			if err != nil {
				return err
			}
			res.addOpen(i, s, before, after)
			servers[r.server].settle()
		}
	}
	served, err := topUp(ctx, servers[srvPodpatterns], pl["all"], o, res.served(srvPodpatterns))
	if err != nil {
		return err
	}
	res.print(os.Stdout, o, pl, servers, served)
	return nil
}

// topUp sends the all-patterns review until podpatterns has served o.minRequests (at most
// two minutes), so its RSS is read after at least that many requests.
func topUp(ctx context.Context, s *server, p payload, o options, served int) (int, error) {
	deadline := time.Now().Add(2 * time.Minute)
	for served < o.minRequests && time.Now().Before(deadline) {
		smp, err := closedLoop(ctx, s, p, o.concurrency, 5*time.Second)
		if err != nil {
			return served, err
		}
		served += smp.requests
	}
	return served, nil
}

// startAll starts the three servers on o.serverCPU with one certificate.
func startAll(ctx context.Context, o options) (map[string]*server, error) {
	dir, err := os.MkdirTemp("", "podpatterns-bench")
	if err != nil {
		return nil, err
	}
	cert, err := cluster.NewServingCert("127.0.0.1") // the e2e suite's and the demo's serving certificate
	if err == nil {
		err = cert.WriteDir(dir)
	}
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(cert.CAPEM)
	out := map[string]*server{}
	for _, mode := range []string{srvFloor, srvCRAllow} {
		port := freePort()
		s, err := start(ctx, mode, o.serverCPU, pool, port, nil, o.refserver,
			"-mode", mode, "-cert-dir", dir, "-addr", "127.0.0.1:"+strconv.Itoa(port))
		if err != nil {
			return out, err
		}
		out[mode] = s
	}
	port, health, metrics := freePort(), freePort(), freePort()
	s, err := start(ctx, srvPodpatterns, o.serverCPU, pool, port, []string{"PODPATTERNS_MEMORY_LIMIT=" + o.memoryLimit}, o.binary,
		"serve", "--standalone", "--config", o.config, "--cert-dir", dir,
		"--host", "127.0.0.1", "--port", strconv.Itoa(port),
		"--health-addr", "127.0.0.1:"+strconv.Itoa(health), "--metrics-addr", "127.0.0.1:"+strconv.Itoa(metrics),
		"--namespace-labels", "podpatterns.io/inject=enabled,podpatterns.io/profile=standard", "--log-level", "error")
	if err != nil {
		return out, err
	}
	s.metrics = fmt.Sprintf("http://127.0.0.1:%d/metrics", metrics)
	out[srvPodpatterns] = s
	return out, nil
}
