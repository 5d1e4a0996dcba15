// Command load is podpatterns' performance harness (`make bench`). It starts podpatterns
// (--standalone) and two reference servers (test/tools/refserver: the raw TLS floor and
// controller-runtime's allow-only admission.Webhook), each pinned to the same core with
// taskset and GOMAXPROCS=1, drives them with the same in-process client (TLS 1.3,
// keep-alive; run the harness itself on another core) and the same AdmissionReviews, in
// interleaved rounds, and prints one table: server CPU per request from /proc (median
// over rounds), its ratio to the floor, throughput, open-loop latency at a fixed rate,
// errors, allocations per request and RSS after the run.
//
//	make bench    # builds the binaries, runs this on CPU 1 with the servers on CPU 0
//
// Traffic goes to 127.0.0.1 only; every phase is bounded in time.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"
)

// options of one harness run.
type options struct {
	binary, refserver, config string
	serverCPU                 int
	rounds, openRounds        int
	round, open, warmup       time.Duration
	rate, concurrency         int
	minRequests               int
	memoryLimit               string
	writePayloads             string
	rows                      string
}

func main() {
	var o options
	flag.StringVar(&o.binary, "binary", "bin/podpatterns", "podpatterns binary")
	flag.StringVar(&o.refserver, "refserver", "bin/refserver", "reference server binary (test/tools/refserver)")
	flag.StringVar(&o.config, "config", "examples/config.yaml", "podpatterns config")
	flag.IntVar(&o.serverCPU, "server-cpu", 0, "CPU every server is pinned to")
	flag.IntVar(&o.rounds, "rounds", 5, "closed-loop rounds (each measures every row once)")
	flag.DurationVar(&o.round, "round", 2*time.Second, "closed-loop duration of one row in one round")
	flag.IntVar(&o.openRounds, "open-rounds", 3, "open-loop rounds")
	flag.DurationVar(&o.open, "open", 3*time.Second, "open-loop duration of one row in one round")
	flag.DurationVar(&o.warmup, "warmup", time.Second, "warm-up per row before the rounds")
	flag.IntVar(&o.rate, "rate", 700, "open-loop request rate per second")
	flag.IntVar(&o.concurrency, "concurrency", 4, "closed-loop connections")
	flag.IntVar(&o.minRequests, "min-requests", 100000, "podpatterns serves at least this many requests before RSS is read")
	flag.StringVar(&o.memoryLimit, "memory-limit", "268435456", "PODPATTERNS_MEMORY_LIMIT of podpatterns (the chart's default limit, 256Mi)")
	flag.StringVar(&o.writePayloads, "write-payloads", "", "write the request bodies to this directory (<row>.json) and exit: the webhook benchmarks replay them")
	flag.StringVar(&o.rows, "rows", "", "measure only the rows whose label matches this regular expression (e.g. 'floor' or 'large pod')")
	flag.Parse()
	if o.writePayloads != "" {
		if err := writePayloads(o.writePayloads); err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
			os.Exit(1)
		}
		return
	}
	selected, err := selectRows(rows, o.rows)
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(2)
	}
	rows = selected
	if budget := o.budget(); budget > 10*time.Minute {
		fmt.Fprintf(os.Stderr, "load: this run would take about %s; the harness is capped at 10m\n", budget.Round(time.Second))
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), o.budget()+3*time.Minute)
	defer cancel()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

// budget is the planned duration of the measurements (the top-up to -min-requests adds
// at most two minutes).
func (o options) budget() time.Duration {
	n := time.Duration(len(rows))
	return n*o.warmup + n*time.Duration(o.rounds)*o.round + n*time.Duration(o.openRounds)*o.open + 2*time.Minute
}
