// Command soak runs the built server on loopback for a fixed time at a fixed request rate
// with a mix of normal, hostile and oversized AdmissionReviews, rewrites its config file
// every 30 s, and reports the server's maximum RSS, its goroutines over time, failed
// normal requests and hostile requests answered outside their bound.
//
//	make build && go run ./test/soak -binary bin/podpatterns -duration 10m -rate 40
//
// Not part of CI (CPU heavy). Traffic goes to 127.0.0.1 only; it stops by itself.
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
	config := flag.String("config", "examples/config.yaml", "config file to start from (copied)")
	duration := flag.Duration("duration", 10*time.Minute, "how long to send requests (at most 30m)")
	rate := flag.Int("rate", 40, "requests per second (at most 500)")
	reload := flag.Duration("reload-every", 30*time.Second, "config rewrite period")
	flag.Parse()
	if *duration > 30*time.Minute || *rate < 1 || *rate > 500 {
		fmt.Fprintln(os.Stderr, "soak: -duration at most 30m, -rate 1..500")
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), *duration+2*time.Minute)
	defer cancel()
	rep, err := run(ctx, *binary, *config, *duration, *rate, *reload)
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(1)
	}
	rep.print(os.Stdout)
	if !rep.ok() {
		os.Exit(1)
	}
}
