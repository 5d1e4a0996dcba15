package config

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/go-logr/logr"
)

// ReloadResult is the outcome of one reload, the result label of
// podpatterns_config_reloads_total.
type ReloadResult string

// The reload results.
const (
	ReloadSuccess ReloadResult = "success"
	ReloadFailure ReloadResult = "failure"
)

// Watcher watches the config file and hands every new valid config to apply. A file
// that does not parse, default or validate is rejected: logged, reported as
// ReloadFailure, and the last good config keeps serving (apply is not called).
//
// A ConfigMap volume updates a file by swapping the ..data symlink in the file's
// directory, so the watcher watches the directory (not the file, whose inode never
// changes through the symlink) and re-reads on any event there; a slow poll covers
// missed events (e.g. filesystems without inotify).
type Watcher struct {
	path     string
	apply    func(*Loaded)
	observe  func(ReloadResult)
	log      logr.Logger
	poll     time.Duration
	debounce time.Duration
	last     []byte
	revision string
	// parse is Parse (a test may slow it down).
	parse func(name string, data []byte) (*Loaded, error)
}

// NewWatcher returns a watcher of path, whose current config is initial (as loaded by
// LoadFile). apply receives each new valid config; observe, when not nil, each result.
func NewWatcher(path string, initial *Loaded, apply func(*Loaded), observe func(ReloadResult), log logr.Logger) *Watcher {
	if observe == nil {
		observe = func(ReloadResult) {}
	}
	return &Watcher{path: path, apply: apply, observe: observe, log: log, parse: Parse,
		poll: 30 * time.Second, debounce: 100 * time.Millisecond, last: initial.source, revision: initial.Revision}
}

// Run watches until ctx is done.
func (w *Watcher) Run(ctx context.Context) error {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer fw.Close()
	if err := fw.Add(filepath.Dir(w.path)); err != nil {
		return err
	}
	poll := time.NewTicker(w.poll)
	defer poll.Stop()
	var debounce <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-fw.Events:
			debounce = time.After(w.debounce) // coalesce the burst of a symlink swap
		case err := <-fw.Errors:
			w.log.Error(err, "config watcher error; polling continues", "path", w.path)
		case <-debounce:
			w.reloadUnlessDone(ctx)
		case <-poll.C:
			w.reloadUnlessDone(ctx)
		}
	}
}

// reloadUnlessDone reloads, but returns as soon as ctx is done even when the reload has
// not finished: a reload never holds up shutdown (Run's caller waits for Run). A reload
// left running then finishes alone; nothing reads its result.
func (w *Watcher) reloadUnlessDone(ctx context.Context) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Reload()
	}()
	select {
	case <-done:
	case <-ctx.Done():
	}
}

// Reload re-reads the file and applies it when the content changed and is valid. It
// reports whether a new config was applied.
func (w *Watcher) Reload() bool {
	data, err := os.ReadFile(w.path)
	if err != nil {
		w.reject(err)
		return false
	}
	if bytes.Equal(data, w.last) {
		return false
	}
	w.last = data // report a bad file once, not on every poll
	cfg, err := w.parse(w.path, data)
	if err != nil {
		w.reject(err)
		return false
	}
	w.apply(cfg)
	w.observe(ReloadSuccess)
	w.log.Info("config reloaded", "path", w.path, "revision", cfg.Revision, "previous", w.revision)
	w.revision = cfg.Revision
	return true
}

func (w *Watcher) reject(err error) {
	w.observe(ReloadFailure)
	w.log.Error(err, "config rejected; the last good config keeps serving", "path", w.path, "revision", w.revision)
}
