package main

import (
	"errors"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/go-logr/logr"
	"github.com/spf13/cobra"
	"go.uber.org/zap/zapcore"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
)

// version is stamped at build time: -ldflags "-X main.version=v1.2.3".
var version = "dev"

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
}

func newVersionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			goVersion := "unknown"
			if bi, ok := debug.ReadBuildInfo(); ok {
				goVersion = bi.GoVersion
			}
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "podpatterns %s (%s)\n", version, goVersion)
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
