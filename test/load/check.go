package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// checkAnswers makes sure each payload gets the answer its row claims before anything is
// measured: patched with the pattern's ops, unchanged, or allowed by the validator.
func checkAnswers(s *server, pl map[string]payload) error {
	for name, wantPatch := range map[string]bool{"all": true, "large": true, "none": false, "validate": false, "workload-none": false, "workload-all": false} {
		p := pl[name]
		resp, err := s.client.Post(s.url+"/"+p.endpoint, "application/json", bytes.NewReader(p.body))
		if err != nil {
			return err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		var review struct {
			Response struct {
				UID      string   `json:"uid"`
				Allowed  bool     `json:"allowed"`
				Patch    []byte   `json:"patch"`
				Warnings []string `json:"warnings"`
			} `json:"response"`
		}
		if err := json.Unmarshal(body, &review); err != nil {
			return fmt.Errorf("payload %s: %w: %s", name, err, body)
		}
		r := review.Response
		if resp.StatusCode != http.StatusOK || !r.Allowed || r.UID != "load" || (len(r.Patch) > 0) != wantPatch || len(r.Warnings) > 0 {
			return fmt.Errorf("payload %s: unexpected answer (HTTP %d, patch wanted %v): %s", name, resp.StatusCode, wantPatch, body)
		}
	}
	return nil
}

// mallocs is podpatterns' go_memstats_mallocs_total (0 for the reference servers, which
// serve no metrics). It is read outside the CPU measurement windows.
func (s *server) mallocs() float64 {
	if s.metrics == "" {
		return 0
	}
	resp, err := http.Get(s.metrics)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "go_memstats_mallocs_total "); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return f
		}
	}
	return 0
}
