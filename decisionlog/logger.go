package decisionlog

import (
	"sync"
	"time"

	"github.com/go-logr/logr"
	"golang.org/x/time/rate"
)

// Results the switches group (the request metrics' result label values).
const (
	resultDenied  = "denied"
	resultPatched = "patched"
	resultError   = "error"
	resultBad     = "bad-request"
)

// Options are the switches (serve flags --log-denies, --log-mutations, --log-admits)
// and the rate limit (--log-decisions-per-second, burst = 10 seconds' worth).
type Options struct {
	// Denies logs denied pods; Mutations pods admitted with a patch; Admits pods admitted
	// unchanged, with warnings or in audit mode. Requests that could not be decided
	// (bad-request, error) are always logged.
	Denies, Mutations, Admits bool
	// PerSecond caps the lines per second for each result; 0 means no limit.
	PerSecond float64
}

// DefaultOptions log every decision, at most 20 lines per second per result.
func DefaultOptions() Options {
	return Options{Denies: true, Mutations: true, Admits: true, PerSecond: 20}
}

// Logger writes decision lines.
type Logger struct {
	log  logr.Logger
	opts Options
	// onSuppressed counts a line the rate limit dropped (a metric); may be nil.
	onSuppressed func(result string)

	now   func() time.Time
	mu    sync.Mutex
	perRe map[string]*limited
}

type limited struct {
	limiter    *rate.Limiter
	suppressed int
}

// New returns a Logger; onSuppressed (may be nil) is called for every dropped line.
func New(log logr.Logger, o Options, onSuppressed func(result string)) *Logger {
	return &Logger{log: log, opts: o, onSuppressed: onSuppressed, now: time.Now, perRe: map[string]*limited{}}
}

// Log writes d at info, unless its kind is switched off or its result is over the rate
// limit. A line after dropped ones carries "suppressed": how many of its result were
// dropped since the last line.
func (l *Logger) Log(d Decision) {
	l.LogBuilt(d.Result, func() Decision { return d })
}

// LogBuilt is Log for the decision build returns, of result: build runs only for a line
// that is written, so a switched-off or rate-limited line costs no strings (at the
// default 20 lines a second, nearly every line of a busy webhook).
func (l *Logger) LogBuilt(result string, build func() Decision) {
	if !l.enabled(result) {
		return
	}
	dropped, ok := l.admit(result)
	if !ok {
		if l.onSuppressed != nil {
			l.onSuppressed(result)
		}
		return
	}
	d := build()
	kv := d.keysAndValues()
	if dropped > 0 {
		kv = append(kv, "suppressed", dropped)
	}
	l.log.Info(Message, kv...)
}

func (l *Logger) enabled(result string) bool {
	switch result {
	case resultDenied:
		return l.opts.Denies
	case resultPatched:
		return l.opts.Mutations
	case resultError, resultBad:
		return true
	default:
		return l.opts.Admits
	}
}

// admit takes a token for result; it returns how many lines were dropped before this
// one, and whether this one may be written.
func (l *Logger) admit(result string) (int, bool) {
	if l.opts.PerSecond <= 0 {
		return 0, true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	lim := l.perRe[result] // result values are a bounded set of constants
	if lim == nil {
		lim = &limited{limiter: rate.NewLimiter(rate.Limit(l.opts.PerSecond), max(1, int(10*l.opts.PerSecond)))}
		l.perRe[result] = lim
	}
	if !lim.limiter.AllowN(l.now(), 1) {
		lim.suppressed++
		return 0, false
	}
	dropped := lim.suppressed
	lim.suppressed = 0
	return dropped, true
}
