package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/podpatterns/podpatterns/buildinfo"
)

// exitError carries a process exit code (1: policy said no, 2: usage or I/O error).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func exitCode(err error) int {
	if e, ok := errors.AsType[*exitError](err); ok {
		return e.code
	}
	return 2
}

func newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "podpatterns",
		Short:         "Kubernetes Patterns for every pod, at admission",
		SilenceUsage:  true,
		SilenceErrors: false,
	}
	for _, newCommand := range commands {
		root.AddCommand(newCommand())
	}
	return root
}

// commands are every subcommand, each defined in its own file by a constructor that
// builds its flags; adding a command is one line here.
var commands = []func() *cobra.Command{
	newServeCommand,
	newInjectCommand,
	newValidateCommand,
	newRenderCommand,
	newVersionCommand,
	newCheckConfigCommand,
	newCheckWebhookCommand,
	newRemoveWebhooksCommand,
	newDriftCommand,
	newAnalyzeCommand,
	newPrecheckCommand,
}

func newVersionCommand() *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch output {
			case "text":
				_, err := fmt.Fprintln(cmd.OutOrStdout(), buildinfo.Get())
				return err
			case "json":
				return writeJSON(cmd.OutOrStdout(), buildinfo.Get())
			}
			return usageError("-o %q: want text or json", output)
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "text", "text, or json: version, commit, goVersion")
	return cmd
}

// usageError is exit code 2: the command line, not the policy, is wrong.
func usageError(format string, args ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, args...)}
}
