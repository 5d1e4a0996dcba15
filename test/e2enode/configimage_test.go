package e2enode

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/nodestack"
)

// TestConfigImageAppReadsItsFiles: in both modes (an init container copying into an
// emptyDir, and an image volume with the source directory as subPath) the app's process
// sees exactly the data image's /config files at the mount path, and cannot write there.
func TestConfigImageAppReadsItsFiles(t *testing.T) {
	needRelease(t)
	ns := injectNamespace(t, "configimage")
	for _, name := range []string{nodestack.ConfigImageCopy, nodestack.ConfigImageVolume} {
		t.Run(name, func(t *testing.T) {
			pod := runPod(t, ns, nodestack.AppPod(name, map[string]string{mutators.AnnotationConfigImage: name}))
			pid := containerPID(t, status(t, pod, "app"))
			for file, want := range nodestack.DataImageFiles {
				if got := containerFile(t, pid, filepath.Join(nodestack.ConfigImageMountPath, file)); got != want {
					t.Errorf("the app reads %q in %s, want %q", got, file, want)
				}
			}
			root := filepath.Join("/proc", strconv.Itoa(pid), "root", nodestack.ConfigImageMountPath)
			if _, err := os.Stat(filepath.Join(root, "cp")); err == nil {
				t.Errorf("the app sees the image's root, not its /config: %s/cp exists", nodestack.ConfigImageMountPath)
			}
			err := os.WriteFile(filepath.Join(root, "written-by-test"), []byte("x"), 0o644)
			if !errors.Is(err, syscall.EROFS) {
				t.Errorf("writing into %s: %v, want a read-only file system", nodestack.ConfigImageMountPath, err)
			}
		})
	}
}
