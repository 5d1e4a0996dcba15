package mutatorstest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"

	"github.com/podpatterns/podpatterns/mutators"
)

// Fixed chain options of every golden run. The revision is fixed (not the config's hash)
// so that editing examples/config.yaml does not rewrite every golden file's status
// annotation; only behaviour changes show in the diffs.
const (
	Revision    = "golden"
	RenderImage = "ghcr.io/podpatterns/podpatterns:golden"
)

// DefaultConfig is the config file, relative to the repository root, used by cases
// without an inline `config:`.
const DefaultConfig = "examples/config.yaml"

// Options returns the chain options golden files are generated with, for tests that
// build a chain of their own; golden cases run through Pipeline.
func Options() mutators.Options {
	return mutators.Options{Revision: Revision, RenderImage: RenderImage}
}

// Case is one golden case.
type Case struct {
	// Name is "<mutator>/<case>", the subtest name.
	Name string
	// Path and GoldenPath are the case file and its golden file.
	Path, GoldenPath string
	// Why is the case's `# why:` comment, without the marker.
	Why string
	// ConfigName and ConfigData are the config to parse with config.Parse: the
	// inline config (named after the case file) or the repository's examples/config.yaml.
	ConfigName string
	ConfigData []byte
	// Inline reports whether the case brings its own config.
	Inline bool
	// Namespace is the pod's namespace as the informer cache would report it.
	Namespace mutators.Namespace
	// PodJSON is the input pod as JSON, exactly as written in the case: patches are
	// applied to it.
	PodJSON []byte
	// PriorityClasses are the cluster's classes besides the system ones (what the
	// server's informer would hold).
	PriorityClasses []*schedulingv1.PriorityClass
	// LimitRanges are the LimitRanges of the pod's namespace (what the server's informer
	// would hold), their namespace set to it. The pod is written as the API server
	// hands it to the webhooks: already defaulted by them.
	LimitRanges []*corev1.LimitRange

	pod *corev1.Pod
}

// Pod returns a fresh copy of the input pod; callers may mutate it.
func (c *Case) Pod() *corev1.Pod { return c.pod.DeepCopy() }

// caseFile is the on-disk shape of a case.
type caseFile struct {
	Config          *string                       `json:"config,omitempty"`
	Namespace       *caseNamespace                `json:"namespace,omitempty"`
	PriorityClasses []*schedulingv1.PriorityClass `json:"priorityClasses,omitempty"`
	LimitRanges     []*corev1.LimitRange          `json:"limitRanges,omitempty"`
	Pod             json.RawMessage               `json:"pod"`
}

type caseNamespace struct {
	Name        string            `json:"name,omitempty"`
	Labels      map[string]string `json:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

// GoldenSuffix ends every golden file name.
const GoldenSuffix = ".golden.yaml"

// LoadCases reads every case file under dir/<mutator>/, sorted by name. Any malformed case
// (no `# why`, unknown keys, a pod that does not decode strictly) is an error.
func LoadCases(dir string) ([]*Case, error) {
	root, err := repoRoot(dir)
	if err != nil {
		return nil, err
	}
	defaultPath := filepath.Join(root, DefaultConfig)
	defaultData, err := os.ReadFile(defaultPath)
	if err != nil {
		return nil, fmt.Errorf("reading the default config: %w", err)
	}
	paths, err := CaseFiles(dir)
	if err != nil {
		return nil, err
	}
	cases := make([]*Case, 0, len(paths))
	var errs []error
	for _, p := range paths {
		c, err := loadCase(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p, err))
			continue
		}
		if !c.Inline {
			c.ConfigName, c.ConfigData = defaultPath, defaultData
		}
		cases = append(cases, c)
	}
	return cases, errors.Join(errs...)
}

// CaseFiles lists the case files under dir/<mutator>/ (golden files excluded), sorted.
func CaseFiles(dir string) ([]string, error) {
	all, err := filepath.Glob(filepath.Join(dir, "*", "*.yaml"))
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, p := range all {
		if !strings.HasSuffix(p, GoldenSuffix) {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	return paths, nil
}

// GoldenPathOf returns the golden file of a case file.
func GoldenPathOf(casePath string) string {
	return strings.TrimSuffix(casePath, ".yaml") + GoldenSuffix
}

func loadCase(path string) (*Case, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	why, err := whyOf(data)
	if err != nil {
		return nil, err
	}
	var f caseFile
	if err := yaml.UnmarshalStrict(data, &f); err != nil {
		return nil, err
	}
	if len(f.Pod) == 0 || bytes.Equal(f.Pod, []byte("null")) {
		return nil, errors.New("no pod")
	}
	pod := &corev1.Pod{}
	strictErrs, err := kjson.UnmarshalStrict(f.Pod, pod)
	if err = errors.Join(append(strictErrs, err)...); err != nil {
		return nil, fmt.Errorf("pod: %w", err)
	}
	mutator := filepath.Base(filepath.Dir(path))
	name := strings.TrimSuffix(filepath.Base(path), ".yaml")
	c := &Case{
		Name:            mutator + "/" + name,
		Path:            path,
		GoldenPath:      GoldenPathOf(path),
		Why:             why,
		PodJSON:         f.Pod,
		PriorityClasses: f.PriorityClasses,
		Namespace:       namespaceOf(f.Namespace, pod),
		pod:             pod,
	}
	for _, lr := range f.LimitRanges {
		lr.Namespace = c.Namespace.Name
		c.LimitRanges = append(c.LimitRanges, lr)
	}
	if f.Config != nil {
		c.Inline, c.ConfigName, c.ConfigData = true, path+"#config", []byte(*f.Config)
	}
	return c, nil
}

func namespaceOf(ns *caseNamespace, pod *corev1.Pod) mutators.Namespace {
	out := mutators.Namespace{Name: pod.Namespace}
	if ns != nil {
		out = mutators.Namespace{Name: ns.Name, Labels: ns.Labels, Annotations: ns.Annotations}
	}
	if out.Labels == nil { // a case without namespace labels is in an opted-in namespace
		out.Labels = map[string]string{mutators.LabelInject: mutators.InjectEnabled}
	}
	if out.Name == "" {
		out.Name = pod.Namespace
	}
	if out.Name == "" {
		out.Name = "default"
	}
	return out
}

// whyOf returns the leading `# why:` comment (continued on the following `#` lines).
func whyOf(data []byte) (string, error) {
	var parts []string
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if i == 0 {
			rest, ok := strings.CutPrefix(line, "# why:")
			if !ok || strings.TrimSpace(rest) == "" {
				return "", errors.New("a case file starts with a `# why: ...` comment")
			}
			parts = append(parts, strings.TrimSpace(rest))
			continue
		}
		rest, ok := strings.CutPrefix(line, "#")
		if !ok {
			break
		}
		parts = append(parts, strings.TrimSpace(rest))
	}
	return strings.Join(parts, " "), nil
}

// repoRoot finds the directory holding go.mod, upwards from dir.
func repoRoot(dir string) (string, error) {
	d, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("no go.mod above %s", dir)
		}
		d = parent
	}
}
