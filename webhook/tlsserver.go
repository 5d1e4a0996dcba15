package webhook

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-logr/logr"
)

// Timeouts of the admission listener. A client that sends its headers or body slowly is
// cut off (ReadTimeout covers the TLS handshake, headers and body), so it holds a
// connection and an in-flight slot for seconds, not minutes.
const (
	DefaultReadHeaderTimeout = 5 * time.Second
	DefaultReadTimeout       = 10 * time.Second
	// writeTimeout is past the apiserver's maximum timeoutSeconds: requests end before it.
	writeTimeout   = maxRequestTimeout + 5*time.Second
	idleTimeout    = 90 * time.Second
	maxHeaderBytes = 64 << 10
)

// admissionServer is the TLS listener of /mutate and /validate: timeouts, limits, and
// a shutdown that lets in-flight requests finish.
type admissionServer struct {
	addr     string
	tls      *tls.Config
	srv      *http.Server
	log      logr.Logger
	serving  atomic.Bool // the listener accepts connections
	draining atomic.Bool // shutdown started: not ready any more
	drain    time.Duration
	grace    time.Duration
	maxConns int // open connections at once (DefaultMaxConnections)
}

// serve listens and serves until ctx is done, then drains: readiness fails at once,
// connections are still accepted for drain (endpoints need that long to drop the pod),
// then the listener closes and in-flight requests get up to grace to finish.
func (a *admissionServer) serve(ctx context.Context) error {
	ln, err := net.Listen("tcp", a.addr)
	if err != nil {
		return err
	}
	errc := make(chan error, 1)
	a.serving.Store(true)
	go func() { errc <- a.srv.Serve(tls.NewListener(newLimitListener(ln, a.maxConns), a.tls)) }()
	select {
	case err := <-errc:
		a.serving.Store(false)
		return fmt.Errorf("serving admission requests on %s: %w", a.addr, err)
	case <-ctx.Done():
	}
	a.draining.Store(true)
	// From now on every answer says Connection: close and no connection is kept for
	// another request: the apiserver's pooled connections leave this replica during the
	// drain instead of being cut under a request when the listener closes.
	a.srv.SetKeepAlivesEnabled(false)
	a.log.Info("shutting down: readiness fails now, keep-alive is off, in-flight requests finish", "drain", a.drain, "grace", a.grace)
	time.Sleep(a.drain)
	shutdown, cancel := context.WithTimeout(context.Background(), a.grace)
	defer cancel()
	err = a.srv.Shutdown(shutdown)
	a.serving.Store(false)
	if err != nil {
		return fmt.Errorf("shutting down the admission server: %w", err)
	}
	return nil
}

// ready is nil while the listener serves and no shutdown has started.
func (a *admissionServer) ready() error {
	switch {
	case a.draining.Load():
		return errors.New("shutting down")
	case !a.serving.Load():
		return errors.New("admission listener not serving")
	}
	return nil
}

// newHTTPServer is the http.Server of the admission listener. Its base context is
// never cancelled: shutdown waits for requests instead of cancelling them.
func newHTTPServer(h http.Handler, logger logr.Logger, readHeader, read time.Duration) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeader,
		ReadTimeout:       read,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		BaseContext:       func(net.Listener) context.Context { return context.Background() },
		ErrorLog:          log.New(httpErrorLog{logger}, "", 0),
	}
}

// httpErrorLog sends net/http's own messages to the logger; TLS handshake failures
// (clients without a valid client certificate, port scanners, load balancer checks) go
// to V(1) so they do not flood the log.
type httpErrorLog struct{ log logr.Logger }

func (l httpErrorLog) Write(p []byte) (int, error) {
	msg := strings.TrimSpace(string(p))
	if strings.Contains(msg, "TLS handshake error") {
		l.log.V(1).Info(msg)
	} else {
		l.log.Info(msg)
	}
	return len(p), nil
}

// hostPort joins host and port for net.Listen.
func hostPort(host string, port int) string { return net.JoinHostPort(host, strconv.Itoa(port)) }
