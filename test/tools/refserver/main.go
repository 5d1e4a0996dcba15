// Command refserver is one of the two reference servers of the performance harness
// (test/load, `make bench`): podpatterns' numbers are read as ratios to them, measured
// in the same run on the same core with the same load, so a noisy shared machine still
// gives comparable results.
//
//	refserver -mode floor    -cert-dir DIR -addr 127.0.0.1:PORT
//	refserver -mode cr-allow -cert-dir DIR -addr 127.0.0.1:PORT
//
// floor is the raw cost of TLS and HTTP: it reads the body and answers a fixed
// AdmissionReview without decoding anything. cr-allow is controller-runtime's
// admission.Webhook with a handler that allows everything: the cost of the generic
// decode and encode a typical Go webhook pays before doing any work.
//
// Both serve HTTP/1.1 over TLS 1.3 from tls.crt/tls.key in -cert-dir, with the same
// net/http server settings, and exit on SIGINT/SIGTERM.
package main

import (
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/go-logr/logr"
	crlog "sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
)

// Modes of the reference server.
const (
	ModeFloor   = "floor"
	ModeCRAllow = "cr-allow"
)

// floorAnswer is the floor's fixed answer; the harness sends UID "load" and checks it.
const floorAnswer = `{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"load","allowed":true,"status":{"metadata":{},"code":200}}}`

func main() {
	mode := flag.String("mode", ModeFloor, "floor or cr-allow")
	certDir := flag.String("cert-dir", "", "directory with tls.crt and tls.key")
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback)")
	flag.Parse()
	if err := run(*mode, *certDir, *addr); err != nil {
		fmt.Fprintln(os.Stderr, "refserver:", err)
		os.Exit(1)
	}
}

func run(mode, certDir, addr string) error {
	crlog.SetLogger(logr.Discard()) // as a quiet production webhook: no per-request log lines
	h, err := handler(mode)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/", h)
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second,
		TLSConfig:    &tls.Config{MinVersion: tls.VersionTLS12, NextProtos: []string{"http/1.1"}},
		TLSNextProto: map[string]func(*http.Server, *tls.Conn, http.Handler){}}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() {
		errc <- srv.ListenAndServeTLS(filepath.Join(certDir, "tls.crt"), filepath.Join(certDir, "tls.key"))
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(shutdown)
	}
}

func handler(mode string) (http.Handler, error) {
	switch mode {
	case ModeFloor:
		return http.HandlerFunc(floor), nil
	case ModeCRAllow:
		return &admission.Webhook{Handler: admission.HandlerFunc(
			func(context.Context, admission.Request) admission.Response { return admission.Allowed("") })}, nil
	}
	return nil, fmt.Errorf("unknown -mode %q (want %s or %s)", mode, ModeFloor, ModeCRAllow)
}

// floor reads the whole body, as every webhook must, and answers without decoding it.
func floor(w http.ResponseWriter, r *http.Request) {
	if _, err := io.Copy(io.Discard, r.Body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, floorAnswer)
}
