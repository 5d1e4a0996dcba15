package main

import (
	"fmt"

	"github.com/spf13/pflag"

	"github.com/podpatterns/podpatterns/webhook"
)

// limitFlags are the serve flags that bound work, time and TLS (issue 15).
type limitFlags struct {
	cipherSuites []string
}

// register adds the flags, writing into opts.
func (l *limitFlags) register(fs *pflag.FlagSet, opts *webhook.Options) {
	fs.StringSliceVar(&l.cipherSuites, "tls-cipher-suites", nil,
		"TLS 1.2 cipher suites, Go names (default: ECDHE with AES-GCM or ChaCha20-Poly1305 only)")
	fs.IntVar(&opts.Limits.MaxInFlight, "max-requests-in-flight", webhook.DefaultMaxInFlight,
		"admission requests handled at once; beyond it 429 (the failurePolicy applies)")
	fs.Int64Var(&opts.Limits.MaxBodyBytesInFlight, "max-body-bytes-in-flight", webhook.DefaultMaxBodyBytesInFlight,
		"request body bytes held at once (each reserves its Content-Length, 7 MiB when unknown); beyond it 429")
	fs.IntVar(&opts.Limits.MaxLargeInFlight, "max-large-requests-in-flight", webhook.DefaultMaxLargeInFlight,
		"requests with a body over 512 KiB handled at once (decoding multiplies their size); beyond it 429")
	fs.IntVar(&opts.MaxConnections, "max-connections", webhook.DefaultMaxConnections,
		"open connections to the admission port at once; past it new ones wait in the backlog until one closes")
	fs.IntVar(&opts.Deps.MaxContainers, "max-containers", 0,
		"pods with more containers (all kinds) get no injection, with a warning (0: 250)")
	fs.DurationVar(&opts.ReadHeaderTimeout, "read-header-timeout", webhook.DefaultReadHeaderTimeout, "time to receive a request's headers")
	fs.DurationVar(&opts.ReadTimeout, "read-timeout", webhook.DefaultReadTimeout, "time to receive a whole request (TLS handshake, headers, body)")
	fs.DurationVar(&opts.ShutdownDrain, "shutdown-drain", webhook.DefaultShutdownDrain,
		"at SIGTERM, how long readiness fails before the listener closes (endpoints drop the pod meanwhile; 0: none)")
	fs.DurationVar(&opts.ShutdownGrace, "shutdown-grace", webhook.DefaultShutdownGrace,
		"after the drain, how long in-flight requests get to finish")
}

// apply checks the flags and fills in what needs parsing.
func (l *limitFlags) apply(opts *webhook.Options) error {
	suites, err := webhook.ParseCipherSuites(l.cipherSuites)
	if err != nil {
		return fmt.Errorf("--tls-cipher-suites: %w", err)
	}
	opts.CipherSuites = suites
	if opts.Limits.MaxBodyBytesInFlight < webhook.MaxBodyBytes {
		return fmt.Errorf("--max-body-bytes-in-flight must be at least %d (one maximal request)", webhook.MaxBodyBytes)
	}
	switch {
	case opts.ShutdownDrain < 0:
		return fmt.Errorf("--shutdown-drain must not be negative")
	case opts.ShutdownDrain == 0:
		opts.ShutdownDrain = webhook.NoShutdownDrain // the Options' zero value means the default
	}
	if opts.MaxConnections < 1 {
		return fmt.Errorf("--max-connections must be at least 1")
	}
	if opts.Limits.MaxInFlight < 1 {
		return fmt.Errorf("--max-requests-in-flight must be at least 1")
	}
	return nil
}
