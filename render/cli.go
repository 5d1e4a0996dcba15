package render

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// Command is `podpatterns render ARGS...`: it parses args (--templates, --params,
// --output), renders, and prints one line per written file to stdout, so the init
// container's log says what the app will see. The caller turns a non-nil error into a
// non-zero exit (the init container fails and the kubelet retries it; the pod's app
// containers never start on a broken config). flag.ErrHelp is returned for -h.
func Command(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	fs.SetOutput(stderr)
	opts := DefaultOptions()
	opts.AddFlags(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: podpatterns render [--templates DIR] [--params DIR] [--output DIR]")
		fmt.Fprintln(stderr, "Renders every template file into the output directory; fails on any missing key.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return errors.New("render takes no positional arguments")
	}
	res, err := Run(opts)
	if err != nil {
		return err
	}
	for _, f := range res.Files {
		fmt.Fprintf(stdout, "rendered %s\n", f)
	}
	return nil
}
