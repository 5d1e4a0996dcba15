package main

import (
	"fmt"
	"os"
	"path/filepath"

	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
)

// packageChart does what `helm package --version V --app-version V` does, with Helm's
// own loader and archiver: the image tag the chart defaults to (appVersion) is the
// release's image.
func packageChart(dir, version, dest string) error {
	ch, err := loader.LoadDir(dir)
	if err != nil {
		return fmt.Errorf("loading the chart: %w", err)
	}
	ch.Metadata.Version = version
	ch.Metadata.AppVersion = version
	if err := ch.Validate(); err != nil {
		return fmt.Errorf("chart metadata: %w", err)
	}
	tmp, err := os.MkdirTemp("", "chart-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	written, err := chartutil.Save(ch, tmp)
	if err != nil {
		return err
	}
	if filepath.Base(written) != filepath.Base(dest) {
		return fmt.Errorf("helm wrote %s, expected %s", filepath.Base(written), filepath.Base(dest))
	}
	return copyFile(written, dest)
}
