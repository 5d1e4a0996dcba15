package cluster

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
)

// CRDSource is a directory or file of CustomResourceDefinitions inside a Go module. The
// modules are only downloaded (`go mod download`), never required by go.mod: the
// podpatterns module does not depend on cert-manager or prometheus-operator, and the
// module proxy is the one source of upstream files that works offline from the cache.
type CRDSource struct {
	Module, Version string
	// Paths are relative to the module root.
	Paths []string
}

// The CRDs the chart's optional objects need. The versions are pinned: a CRD change
// upstream must not change what the e2e suite accepts without a commit here.
var (
	// CertManagerCRDs: Issuer and Certificate (cert-manager mode, the chart's default),
	// with the other cert-manager.io and acme.cert-manager.io CRDs of the same directory.
	CertManagerCRDs = CRDSource{
		Module: "github.com/cert-manager/cert-manager", Version: "v1.21.2",
		Paths: []string{"deploy/crds"},
	}
	// PrometheusOperatorCRDs: ServiceMonitor and PrometheusRule only; the other eight
	// (Prometheus, Alertmanager...) are several megabytes the chart never uses.
	PrometheusOperatorCRDs = CRDSource{
		Module: "github.com/prometheus-operator/prometheus-operator", Version: "v0.85.0",
		Paths: []string{
			"example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml",
			"example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml",
		},
	}
)

// Files returns the absolute paths of the source's CRD files or directories, downloading
// the module into the module cache first if needed.
func (s CRDSource) Files(ctx context.Context) ([]string, error) {
	dir, err := ModuleDir(ctx, s.Module, s.Version)
	if err != nil {
		return nil, err
	}
	paths := make([]string, len(s.Paths))
	for i, p := range s.Paths {
		paths[i] = filepath.Join(dir, filepath.FromSlash(p))
		if _, err := os.Stat(paths[i]); err != nil {
			return nil, fmt.Errorf("%s@%s has no %s: %w", s.Module, s.Version, p, err)
		}
	}
	return paths, nil
}

// ModuleDir returns the module cache directory of module@version, via
// `go mod download -json` (run outside any module, so go.mod is never touched).
func ModuleDir(ctx context.Context, module, version string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "mod", "download", "-json", module+"@"+version)
	cmd.Dir = os.TempDir()
	cmd.Env = append(os.Environ(), "GO111MODULE=on")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var info struct{ Dir, Error string }
	if jsonErr := json.Unmarshal(out, &info); jsonErr == nil && info.Error != "" {
		return "", fmt.Errorf("go mod download %s@%s: %s", module, version, info.Error)
	}
	if err != nil {
		return "", fmt.Errorf("go mod download %s@%s: %w\n%s", module, version, err, stderr.String())
	}
	if info.Dir == "" {
		return "", fmt.Errorf("go mod download %s@%s printed no directory: %s", module, version, out)
	}
	return info.Dir, nil
}

// InstallCRDs creates (or updates) the CRDs of every source and waits until the
// apiserver serves them.
func InstallCRDs(ctx context.Context, cfg *rest.Config, sources ...CRDSource) error {
	var paths []string
	for _, s := range sources {
		p, err := s.Files(ctx)
		if err != nil {
			return err
		}
		paths = append(paths, p...)
	}
	_, err := envtest.InstallCRDs(cfg, envtest.CRDInstallOptions{
		Paths: paths, ErrorIfPathMissing: true, MaxTime: 30 * time.Second,
	})
	return err
}
