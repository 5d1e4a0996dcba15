package webhook

import (
	"crypto/x509"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/go-logr/logr"
)

// Result label values of podpatterns_client_ca_reloads_total.
const (
	clientCAReloadSuccess = "success"
	clientCAReloadFailure = "failure"
)

// clientCAStatInterval bounds how often a handshake looks at the client CA file.
const clientCAStatInterval = time.Second

// clientCA is the pool of --client-ca-file, reloaded when the file changes (a mounted
// Secret or ConfigMap is swapped atomically, like the serving certificate). A file that
// does not parse is rejected, logged and counted; the last good pool keeps serving.
type clientCA struct {
	path     string
	log      logr.Logger
	reloaded func(result string)

	mu      sync.Mutex
	pool    *x509.CertPool
	modTime time.Time
	size    int64
	checked time.Time
}

// newClientCA loads path; at start a missing or empty file is an error.
func newClientCA(path string, log logr.Logger, reloaded func(string)) (*clientCA, error) {
	c := &clientCA{path: path, log: log, reloaded: reloaded}
	if err := c.load(); err != nil {
		return nil, err
	}
	return c, nil
}

// Pool returns the current pool, reloading the file first when it changed (checked at
// most once per clientCAStatInterval, so a handshake costs at most one stat).
func (c *clientCA) Pool() *x509.CertPool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if time.Since(c.checked) >= clientCAStatInterval {
		c.checked = time.Now()
		if fi, err := os.Stat(c.path); err == nil && (!fi.ModTime().Equal(c.modTime) || fi.Size() != c.size) {
			if err := c.loadLocked(); err != nil {
				c.log.Error(err, "client CA file not reloaded; the previous CAs stay in use", "path", c.path)
				c.reloaded(clientCAReloadFailure)
			} else {
				c.log.Info("client CA file reloaded", "path", c.path)
				c.reloaded(clientCAReloadSuccess)
			}
		}
	}
	return c.pool
}

func (c *clientCA) load() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.loadLocked()
}

func (c *clientCA) loadLocked() error {
	fi, err := os.Stat(c.path)
	if err != nil {
		return fmt.Errorf("reading client CA: %w", err)
	}
	pem, err := os.ReadFile(c.path)
	if err != nil {
		return fmt.Errorf("reading client CA: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		c.modTime, c.size = fi.ModTime(), fi.Size() // do not retry the same bad file on every handshake
		return fmt.Errorf("client CA %s holds no PEM certificate", c.path)
	}
	c.pool, c.modTime, c.size = pool, fi.ModTime(), fi.Size()
	return nil
}
