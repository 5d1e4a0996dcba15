package main

import (
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"github.com/podpatterns/podpatterns/webhook"
)

// TestShutdownDrainFlag: `--shutdown-drain=0s` means no drain (the Options' zero value
// would mean the 5 s default), no flag means the default, a negative value is refused.
func TestShutdownDrainFlag(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		want    time.Duration
		wantErr string
	}{
		{args: nil, want: webhook.DefaultShutdownDrain},
		{args: []string{"--shutdown-drain=0s"}, want: webhook.NoShutdownDrain},
		{args: []string{"--shutdown-drain=3s"}, want: 3 * time.Second},
		{args: []string{"--shutdown-drain=-1s"}, wantErr: "--shutdown-drain must not be negative"},
	} {
		opts, err := applyLimitFlags(t, tc.args)
		if !checkApplyErr(t, tc.args, err, tc.wantErr) && opts.ShutdownDrain != tc.want {
			t.Errorf("%v: ShutdownDrain %s, want %s", tc.args, opts.ShutdownDrain, tc.want)
		}
	}
}

// applyLimitFlags parses args as serve's limit flags into fresh Options; err is apply's.
func applyLimitFlags(t *testing.T, args []string) (webhook.Options, error) {
	t.Helper()
	var opts webhook.Options
	var l limitFlags
	fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	l.register(fs, &opts)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return opts, l.apply(&opts)
}

// checkApplyErr reports whether tc's error expectation failed (and says so).
func checkApplyErr(t *testing.T, args []string, err error, wantErr string) bool {
	t.Helper()
	switch {
	case wantErr != "":
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("%v: error %v, want %q", args, err, wantErr)
		}
		return true
	case err != nil:
		t.Errorf("%v: %v", args, err)
		return true
	}
	return false
}
