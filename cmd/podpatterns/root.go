package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/go-logr/logr"
	"github.com/podpatterns/podpatterns/buildinfo"
	"github.com/spf13/cobra"
	"go.uber.org/zap/zapcore"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
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
	root.AddCommand(newServeCommand(), newInjectCommand(), newValidateCommand(), newVersionCommand())
	for _, c := range extraCommands {
		root.AddCommand(c())
	}
	return root
}

// extraCommands lets subcommands defined in their own file register themselves.
var extraCommands []func() *cobra.Command

func newVersionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(cmd.OutOrStdout(), buildinfo.Get())
			return err
		},
	}
}

// newLogger returns a structured JSON logger at level ("debug", "info", "error") and
// installs it for controller-runtime.
func newLogger(level string, out io.Writer) (logr.Logger, error) {
	var lvl zapcore.Level
	if err := lvl.UnmarshalText([]byte(level)); err != nil {
		return logr.Logger{}, fmt.Errorf("--log-level: %w", err)
	}
	log := zap.New(zap.Level(lvl), zap.WriteTo(out), zap.JSONEncoder())
	ctrl.SetLogger(log)
	return log, nil
}
