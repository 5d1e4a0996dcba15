package webhook

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/go-logr/logr"
)

// ConfigReloader watches the config file and swaps in a new Pipeline when its content
// changes. A file that does not parse, default or validate is rejected: logged, counted
// in podpatterns_config_reloads_total{result="failure"}, and the last good config keeps
// serving.
//
// A ConfigMap volume updates a file by swapping the ..data symlink in the file's
// directory, so the watcher watches the directory (not the file, whose inode never
// changes through the symlink) and re-reads on any event there; a slow poll covers
// missed events (e.g. filesystems without inotify).
type ConfigReloader struct {
	path     string
	deps     Deps
	handlers *Handlers
	metrics  *Metrics
	log      logr.Logger
	poll     time.Duration
	debounce time.Duration
	last     []byte
}

// NewConfigReloader returns a reloader for path, serving into h. initial is the content
// the current pipeline was built from.
func NewConfigReloader(path string, initial []byte, deps Deps, h *Handlers, m *Metrics, log logr.Logger) *ConfigReloader {
	return &ConfigReloader{path: path, deps: deps, handlers: h, metrics: m, log: log,
		poll: 30 * time.Second, debounce: 100 * time.Millisecond, last: initial}
}

// Run watches until ctx is done.
func (r *ConfigReloader) Run(ctx context.Context) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	if err := w.Add(filepath.Dir(r.path)); err != nil {
		return err
	}
	poll := time.NewTicker(r.poll)
	defer poll.Stop()
	var debounce <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-w.Events:
			debounce = time.After(r.debounce) // coalesce the burst of a symlink swap
		case err := <-w.Errors:
			r.log.Error(err, "config watcher error; polling continues", "path", r.path)
		case <-debounce:
			r.Reload()
		case <-poll.C:
			r.Reload()
		}
	}
}

// Reload re-reads the file and swaps the pipeline when the content changed and is valid.
// It reports whether a new config was applied.
func (r *ConfigReloader) Reload() bool {
	data, err := os.ReadFile(r.path)
	if err != nil {
		r.reject(err)
		return false
	}
	if bytes.Equal(data, r.last) {
		return false
	}
	cfg, err := ParseConfig(r.path, data)
	if err != nil {
		r.reject(err)
		r.last = data // report a bad file once, not on every poll
		return false
	}
	r.last = data
	old := r.handlers.Pipeline().Revision
	r.handlers.SetPipeline(Compose(cfg, r.deps))
	r.metrics.ConfigReloads.WithLabelValues("success").Inc()
	r.metrics.ConfigLastReloadOK.Set(1)
	r.log.Info("config reloaded", "path", r.path, "revision", cfg.Revision, "previous", old)
	return true
}

func (r *ConfigReloader) reject(err error) {
	r.metrics.ConfigReloads.WithLabelValues("failure").Inc()
	r.metrics.ConfigLastReloadOK.Set(0)
	r.log.Error(err, "config rejected; the last good config keeps serving",
		"path", r.path, "revision", r.handlers.Pipeline().Revision)
}
