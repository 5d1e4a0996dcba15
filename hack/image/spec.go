// Package image builds container images without a Docker daemon or a registry: one
// layer holding a static binary on an empty base, written as an OCI image layout in a
// tarball that `ctr images import` (and `docker load`, `skopeo`, `crane push`) accept.
// `make image` builds the podpatterns image with it; the node suite builds agnhost and
// the sandbox ("pause") image the same way.
package image

// Spec is what an image holds besides its binary: where the binary goes and how it runs.
type Spec struct {
	// Ref names the image, e.g. ghcr.io/podpatterns/podpatterns:v0.1.0.
	Ref string
	// Path is the binary's absolute path in the image, e.g. /podpatterns.
	Path string
	// User is "UID:GID" (empty: root).
	User string
	// Entrypoint and Cmd as in a Dockerfile's exec form.
	Entrypoint, Cmd []string
	// ExposedPorts as in EXPOSE: "9443/tcp".
	ExposedPorts []string
	// Labels are the image config's labels (OCI annotation keys).
	Labels map[string]string
	// Arch is the image's architecture (linux only); empty: this machine's.
	Arch string
}

// NonRoot is the UID:GID of distroless's nonroot user, which the Dockerfile and the
// chart's securityContext use.
const NonRoot = "65532:65532"

// Repository is where the project's image is published; the chart's default.
const Repository = "ghcr.io/podpatterns/podpatterns"

// Source is the org.opencontainers.image.source label.
const Source = "https://github.com/podpatterns/podpatterns"

// Podpatterns is the image the Dockerfile describes: the static binary at /podpatterns,
// nonroot, `serve` by default, OCI labels carrying the version and commit.
func Podpatterns(version, commit string) Spec {
	return Spec{
		Ref:          Repository + ":" + version,
		Path:         "/podpatterns",
		User:         NonRoot,
		Entrypoint:   []string{"/podpatterns"},
		Cmd:          []string{"serve"},
		ExposedPorts: []string{"9443/tcp", "8080/tcp", "8081/tcp"},
		Labels: map[string]string{
			"org.opencontainers.image.title":    "podpatterns",
			"org.opencontainers.image.source":   Source,
			"org.opencontainers.image.version":  version,
			"org.opencontainers.image.revision": commit,
		},
	}
}

// Agnhost is Kubernetes' e2e test image (netexec, serve-hostname, pause, ...) built from
// k8s.io/kubernetes/test/images/agnhost. Like the upstream image it runs as root unless
// the pod says otherwise.
func Agnhost(ref string) Spec {
	return Spec{Ref: ref, Path: "/agnhost", Entrypoint: []string{"/agnhost"}}
}

// Pause is the sandbox image every pod's network namespace lives in: agnhost's `pause`,
// which sleeps until signalled and reaps zombies. containerd's config pins it, so
// nothing is ever pulled.
func Pause(ref string) Spec {
	return Spec{Ref: ref, Path: "/agnhost", User: NonRoot, Entrypoint: []string{"/agnhost", "pause"}}
}
