package main

import (
	"os"
	"path/filepath"
)

// PayloadDir is where the payloads are checked in for the webhook benchmarks
// (webhook/bench_payload_test.go), relative to the repository root.
const PayloadDir = "webhook/testdata/bench"

// writePayloads writes every payload's body to dir/<name>.json.
func writePayloads(dir string) error {
	pl, err := payloads()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, p := range pl {
		if err := os.WriteFile(filepath.Join(dir, name+".json"), p.body, 0o644); err != nil {
			return err
		}
	}
	return nil
}
