package main

import (
	"strings"
	"testing"

	"github.com/spf13/pflag"

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
		var opts webhook.Options
		var l limitFlags
		fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
		l.register(fs, &opts)
		if err := fs.Parse(tc.args); err != nil {
			t.Fatal(err)
		}
		err := l.apply(&opts)
		switch {
		case tc.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%v: error %v, want %q", tc.args, err, tc.wantErr)
			}
		case err != nil:
			t.Errorf("%v: %v", tc.args, err)
		case opts.MaxConnections != tc.want:
			t.Errorf("%v: MaxConnections %d, want %d", tc.args, opts.MaxConnections, tc.want)
		}
	}
}
