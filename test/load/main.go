// Command load is podpatterns' load harness: it starts the built server in --standalone
// mode on loopback, sends AdmissionReviews for a pod that triggers every mutation pattern
// for a bounded time, and reports throughput, latency percentiles and — the number the
// performance target is set in — server CPU time per request, read from /proc/<pid>/stat.
//
//	make build && go run ./test/load -binary bin/podpatterns -duration 10s -concurrency 4
//
// Traffic goes to 127.0.0.1 only, and stops by itself after -duration.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	binary := flag.String("binary", "bin/podpatterns", "podpatterns binary to start")
	config := flag.String("config", "examples/config.yaml", "config file for the server")
	duration := flag.Duration("duration", 10*time.Second, "how long to send load (bounded)")
	concurrency := flag.Int("concurrency", 4, "concurrent connections")
	endpoint := flag.String("endpoint", "mutate", "mutate or validate")
	flag.Parse()
	if *duration > 5*time.Minute {
		fmt.Fprintln(os.Stderr, "load: -duration is capped at 5m")
		os.Exit(2)
	}
	if err := run(*binary, *config, *endpoint, *duration, *concurrency); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func run(binary, config, endpoint string, duration time.Duration, concurrency int) error {
	ctx, cancel := context.WithTimeout(context.Background(), duration+2*time.Minute)
	defer cancel()
	srv, err := startServer(ctx, binary, config)
	if err != nil {
		return err
	}
	defer srv.stop()
	body, err := reviewBody()
	if err != nil {
		return err
	}
	// warm up: connections, caches, the Go runtime's first GC cycles
	if _, err := drive(ctx, srv, endpoint, body, concurrency, time.Second); err != nil {
		return err
	}
	cpuBefore, err := srv.cpuTime()
	if err != nil {
		return err
	}
	res, err := drive(ctx, srv, endpoint, body, concurrency, duration)
	if err != nil {
		return err
	}
	cpuAfter, err := srv.cpuTime()
	if err != nil {
		return err
	}
	res.report(os.Stdout, endpoint, concurrency, cpuAfter-cpuBefore)
	return nil
}
