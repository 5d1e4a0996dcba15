package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCheckedInPayloads: the bodies the webhook benchmarks replay are the harness's own
// (regenerate with `go run ./test/load -write-payloads webhook/testdata/bench`).
func TestCheckedInPayloads(t *testing.T) {
	pl, err := payloads()
	if err != nil {
		t.Fatal(err)
	}
	for name, p := range pl {
		got, err := os.ReadFile(filepath.Join("..", "..", PayloadDir, name+".json"))
		if err != nil {
			t.Fatalf("%v (regenerate: go run ./test/load -write-payloads %s)", err, PayloadDir)
		}
		if !bytes.Equal(got, p.body) {
			t.Errorf("%s.json is not the harness's payload (regenerate: go run ./test/load -write-payloads %s)", name, PayloadDir)
		}
	}
}
