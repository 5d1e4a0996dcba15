package main

import (
	"flag"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/podpatterns/podpatterns/render"
)

// newRenderCommand is `podpatterns render`, what the config-template init container
// runs. Its flags default to the init container's mounts, which the mutator also passes
// explicitly. It prints one line per written file, so the init container's log says what
// the app will see; any error (a missing key names its file) fails the init container,
// and the kubelet retries it without ever starting the app on a broken config.
func newRenderCommand() *cobra.Command {
	opts := render.DefaultOptions()
	cmd := &cobra.Command{
		Use:   "render [--templates DIR] [--params DIR] [--output DIR]",
		Short: "Render configuration templates into a directory (the config-template init container)",
		Long: `render executes every file of the templates directory (a ConfigMap volume) with
text/template and sprig's hermetic functions, with .Params from the params directory (one
file per key) and .Env from the environment, and writes the results into the output
directory. A missing key fails the whole render; nothing is written unless every template
rendered. A .tmpl suffix is dropped from output names; files or directories starting with
"_" are partials (usable with {{ template }}, not written).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			res, err := render.Run(opts)
			if err != nil {
				return err
			}
			for _, f := range res.Files {
				if _, err := fmt.Fprintf(cmd.OutOrStdout(), "rendered %s\n", f); err != nil {
					return err
				}
			}
			return nil
		},
	}
	goFlags := flag.NewFlagSet("render", flag.ContinueOnError)
	opts.AddFlags(goFlags)
	cmd.Flags().AddGoFlagSet(goFlags)
	return cmd
}
