// Package logging builds the server's logger: JSON (default) or text, RFC 3339
// timestamps, stack traces only for panics, and the level names operators know.
package logging

import (
	"fmt"
	"io"
	"slices"

	"github.com/go-logr/logr"
	"go.uber.org/zap/zapcore"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
)

// Levels and Formats are the accepted values of --log-level and --log-format.
var (
	Levels  = []string{"debug", "info", "warn", "error"}
	Formats = []string{"json", "text"}
)

// Options say how to log.
type Options struct {
	Level, Format string
	Out           io.Writer
}

// New returns the logger. debug enables V(1); warn and error leave only errors (logr has
// no warning level: what podpatterns logs at info is a decision or a state change).
func New(o Options) (logr.Logger, error) {
	if !slices.Contains(Levels, o.Level) {
		return logr.Logger{}, fmt.Errorf("--log-level %q: want one of %v", o.Level, Levels)
	}
	if !slices.Contains(Formats, o.Format) {
		return logr.Logger{}, fmt.Errorf("--log-format %q: want one of %v", o.Format, Formats)
	}
	var lvl zapcore.Level
	if err := lvl.UnmarshalText([]byte(o.Level)); err != nil {
		return logr.Logger{}, err
	}
	encoder := zap.JSONEncoder(encoderConfig)
	if o.Format == "text" {
		encoder = zap.ConsoleEncoder(encoderConfig)
	}
	return zap.New(zap.Level(lvl), zap.WriteTo(o.Out), encoder,
		// controller-runtime's production default adds a stack trace to every error; an
		// error here is an expected condition (bad config, lost watch). Panics keep theirs.
		zap.StacktraceLevel(zapcore.PanicLevel)), nil
}

// encoderConfig: "ts" in RFC 3339 with nanoseconds (UTC as the clock gives it), "level"
// in lower case, "msg", "logger".
func encoderConfig(ec *zapcore.EncoderConfig) {
	ec.TimeKey = "ts"
	ec.EncodeTime = zapcore.RFC3339NanoTimeEncoder
	ec.EncodeLevel = zapcore.LowercaseLevelEncoder
	ec.EncodeDuration = zapcore.StringDurationEncoder
}
