package chartrender

import (
	"fmt"

	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/lint"
	"helm.sh/helm/v3/pkg/lint/support"
)

// Lint runs `helm lint` in-process (the same linter package the helm CLI calls) with
// opts' values, and returns every message at or above minSeverity (support.InfoSev,
// WarningSev or ErrorSev).
func Lint(opts Options, minSeverity int) ([]support.Message, error) {
	opts = opts.withDefaults()
	values, err := UserValues(opts)
	if err != nil {
		return nil, err
	}
	kv, err := chartutil.ParseKubeVersion(opts.KubeVersion)
	if err != nil {
		return nil, fmt.Errorf("kube version: %w", err)
	}
	linter := lint.AllWithKubeVersion(opts.ChartDir, values, opts.Namespace, kv)
	var out []support.Message
	for _, msg := range linter.Messages {
		if msg.Severity >= minSeverity {
			out = append(out, msg)
		}
	}
	return out, nil
}
