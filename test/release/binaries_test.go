package release

import (
	"bytes"
	"debug/buildinfo"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// cliPlatforms are the command-line binaries a release ships (the list, not the
// builder's: a platform the builder drops fails here).
var cliPlatforms = []struct{ os, arch string }{
	{"linux", "amd64"}, {"linux", "arm64"},
	{"darwin", "amd64"}, {"darwin", "arm64"},
	{"windows", "amd64"}, {"windows", "arm64"},
}

// TestCLIBinaries: each binary is an executable of its platform's format and CPU (ELF,
// Mach-O, PE), built without cgo from this module with the release's version stamped;
// the host's one runs and prints the version.
func TestCLIBinaries(t *testing.T) {
	r := distOrFail(t)
	for _, p := range cliPlatforms {
		name := "podpatterns-" + r.version + "-" + p.os + "-" + p.arch
		if p.os == "windows" {
			name += ".exe"
		}
		path := filepath.Join(r.dir, name)
		if got := executableArch(t, path, p.os); got != p.arch {
			t.Errorf("%s: a %s executable, want %s", name, got, p.arch)
		}
		bi, err := buildinfo.ReadFile(path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		settings := map[string]string{}
		for _, s := range bi.Settings {
			settings[s.Key] = s.Value
		}
		if settings["GOOS"] != p.os || settings["GOARCH"] != p.arch || settings["CGO_ENABLED"] != "0" ||
			settings["-trimpath"] != "true" || bi.Path != "github.com/podpatterns/podpatterns/cmd/podpatterns" {
			t.Errorf("%s: build info %s %v", name, bi.Path, settings)
		}
		// -trimpath leaves -ldflags out of the build info: the stamped commit must be in
		// the binary's data (the host's one also prints it below).
		if data, err := os.ReadFile(path); err != nil || !bytes.Contains(data, []byte(r.commit)) {
			t.Errorf("%s: the commit %s is not stamped in (%v)", name, r.commit, err)
		}
		if p.os == runtime.GOOS && p.arch == runtime.GOARCH {
			out, err := exec.Command(path, "version").CombinedOutput()
			if err != nil || !strings.HasPrefix(string(out), "podpatterns "+r.version+" (commit "+r.commit) {
				t.Errorf("%s version: %v %q", name, err, out)
			}
		}
	}
}

// executableArch is the GOARCH of the executable at path, read from its headers in the
// format of goos.
func executableArch(t *testing.T, path, goos string) string {
	t.Helper()
	switch goos {
	case "linux":
		f, err := elf.Open(path)
		if err != nil {
			t.Fatalf("%s: not ELF: %v", path, err)
		}
		defer f.Close()
		return map[elf.Machine]string{elf.EM_X86_64: "amd64", elf.EM_AARCH64: "arm64"}[f.Machine]
	case "darwin":
		f, err := macho.Open(path)
		if err != nil {
			t.Fatalf("%s: not Mach-O: %v", path, err)
		}
		defer f.Close()
		return map[macho.Cpu]string{macho.CpuAmd64: "amd64", macho.CpuArm64: "arm64"}[f.Cpu]
	case "windows":
		f, err := pe.Open(path)
		if err != nil {
			t.Fatalf("%s: not PE: %v", path, err)
		}
		defer f.Close()
		return map[uint16]string{pe.IMAGE_FILE_MACHINE_AMD64: "amd64", pe.IMAGE_FILE_MACHINE_ARM64: "arm64"}[f.Machine]
	}
	t.Fatalf("unknown OS %s", goos)
	return ""
}
