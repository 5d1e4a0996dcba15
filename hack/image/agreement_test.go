package image

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

// TestDockerfileAgreesWithBuilder: `make image` and `docker build` must produce the same
// image as far as users can tell — same user, entrypoint, command, ports, labels, binary
// path and binary build flags. The Dockerfile is read, so a change on either side that
// the other does not follow fails here.
func TestDockerfileAgreesWithBuilder(t *testing.T) {
	d, err := readDockerfile()
	if err != nil {
		t.Fatal(err)
	}
	spec := Podpatterns("${VERSION}", "${COMMIT}")
	one := func(kw string) string {
		v := values(d.final, kw)
		if len(v) != 1 {
			t.Fatalf("the final stage has %d %s instructions, want 1: %q", len(v), kw, v)
		}
		return v[0]
	}
	if got := one("USER"); got != spec.User {
		t.Errorf("USER %s, builder %s", got, spec.User)
	}
	for kw, want := range map[string][]string{"ENTRYPOINT": spec.Entrypoint, "CMD": spec.Cmd} {
		got, err := execForm(one(kw))
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%s %q (%v), builder %q", kw, got, err, want)
		}
	}
	var ports []string
	for _, p := range strings.Fields(one("EXPOSE")) {
		ports = append(ports, p+"/tcp")
	}
	if !slices.Equal(slices.Sorted(slices.Values(ports)), slices.Sorted(slices.Values(spec.ExposedPorts))) {
		t.Errorf("EXPOSE %q, builder %q", ports, spec.ExposedPorts)
	}
	if copyArgs := strings.Fields(one("COPY")); copyArgs[len(copyArgs)-1] != spec.Path {
		t.Errorf("COPY puts the binary at %s, builder at %s", copyArgs[len(copyArgs)-1], spec.Path)
	}
	identity := map[string]string{"VERSION": "${VERSION}", "COMMIT": "${COMMIT}"}
	if got := d.labels(identity); !maps.Equal(got, spec.Labels) {
		t.Errorf("LABELs %v, builder %v", got, spec.Labels)
	}
}

// TestDockerfileBuildFlagsAgree: the Dockerfile's go build has the builder's environment
// and flags, word for word.
func TestDockerfileBuildFlagsAgree(t *testing.T) {
	d, err := readDockerfile()
	if err != nil {
		t.Fatal(err)
	}
	run := d.goBuild()
	if run == "" {
		t.Fatal("no RUN ... go build in the Dockerfile's build stage")
	}
	for _, env := range BuildEnv {
		if !strings.Contains(run, env) {
			t.Errorf("the Dockerfile's go build lacks %s: %s", env, run)
		}
	}
	flags := BuildFlags("${VERSION}", "${COMMIT}")
	want := flags[0] + " " + flags[1] + ` "` + flags[2] + `"`
	if !strings.Contains(run, want) {
		t.Errorf("the Dockerfile's go build does not have the builder's flags\n want: %s\n  got: %s", want, run)
	}
	if !strings.HasSuffix(strings.TrimSpace(run), MainPackage) {
		t.Errorf("the Dockerfile builds something else than %s: %s", MainPackage, run)
	}
}
