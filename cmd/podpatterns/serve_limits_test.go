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
		case opts.ShutdownDrain != tc.want:
			t.Errorf("%v: ShutdownDrain %s, want %s", tc.args, opts.ShutdownDrain, tc.want)
		}
	}
}
