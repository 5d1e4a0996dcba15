package cluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// BuildScript builds (or finds cached) the control-plane binaries; the path is relative
// to the repository root.
const BuildScript = "test/tools/build-envtest.sh"

// Binary names in the asset directory.
const (
	BinaryAPIServer         = "kube-apiserver"
	BinaryEtcd              = "etcd"
	BinaryControllerManager = "kube-controller-manager"
	BinaryKubectl           = "kubectl"
)

// EnsureBinaries runs BuildScript and returns the directory holding the binaries. A
// cached run takes well under a second; the first run builds everything (about 15
// minutes on 2 cores) and streams its progress to progress. The error carries the
// script's last output, so a failed build says why instead of skipping anything.
func EnsureBinaries(ctx context.Context, progress io.Writer) (string, error) {
	return RunBuildScript(ctx, BuildScript, progress, BinaryAPIServer, BinaryEtcd)
}

// RunBuildScript runs a build script of test/tools (path relative to the repository
// root) that prints its asset directory on its last line of stdout, and checks that the
// directory holds want.
func RunBuildScript(ctx context.Context, script string, progress io.Writer, want ...string) (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	if progress == nil {
		progress = io.Discard
	}
	var stdout bytes.Buffer
	tail := &tailBuffer{max: 4096}
	cmd := exec.CommandContext(ctx, "bash", filepath.Join(root, script))
	cmd.Dir = root
	cmd.Stdout = &stdout
	cmd.Stderr = io.MultiWriter(progress, tail)
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s failed (%w); its last output:\n%s", script, err, tail.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	dir := lines[len(lines)-1]
	for _, b := range want {
		if _, err := os.Stat(filepath.Join(dir, b)); err != nil {
			return "", fmt.Errorf("%s printed %q, which does not hold %s: %w", script, dir, b, err)
		}
	}
	return dir, nil
}

// BinariesCached reports whether EnsureBinaries would find every binary built (and so
// return at once), without building anything.
func BinariesCached(ctx context.Context) (bool, error) {
	root, err := RepoRoot()
	if err != nil {
		return false, err
	}
	cmd := exec.CommandContext(ctx, "bash", filepath.Join(root, BuildScript), "--check")
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return true, nil
	case errors.As(err, &exit) && exit.ExitCode() == 3:
		return false, nil
	default:
		return false, fmt.Errorf("%s --check: %w\n%s", BuildScript, err, out)
	}
}

// RepoRoot is the directory holding go.mod, found upwards from the working directory
// (go test runs in the package directory, go run wherever the user is).
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory: run from inside the podpatterns repository")
		}
		dir = parent
	}
}

// tailBuffer keeps the last max bytes written to it, for error messages.
type tailBuffer struct {
	max int
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = t.buf[over:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string { return string(t.buf) }
