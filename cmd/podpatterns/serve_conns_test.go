package main

import (
	"testing"

	"github.com/podpatterns/podpatterns/webhook"
)

// TestMaxConnectionsFlag: --max-connections defaults to webhook.DefaultMaxConnections,
// takes a value, and refuses one below 1.
func TestMaxConnectionsFlag(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		want    int
		wantErr string
	}{
		{args: nil, want: webhook.DefaultMaxConnections},
		{args: []string{"--max-connections=50"}, want: 50},
		{args: []string{"--max-connections=0"}, wantErr: "--max-connections must be at least 1"},
	} {
		opts, err := applyLimitFlags(t, tc.args)
		if !checkApplyErr(t, tc.args, err, tc.wantErr) && opts.MaxConnections != tc.want {
			t.Errorf("%v: MaxConnections %d, want %d", tc.args, opts.MaxConnections, tc.want)
		}
	}
}
