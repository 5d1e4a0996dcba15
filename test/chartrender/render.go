// Package chartrender renders the podpatterns Helm chart in-process with Helm's Go SDK,
// the same code path as `helm install --dry-run` up to the apiserver: values are merged
// over values.yaml, validated against values.schema.json, the chart's kubeVersion is
// checked, and the manifests come back as objects in Helm's install order.
//
// The chart tests assert on its output; the e2e suite applies its objects to a real
// apiserver. It lives in the main module because Helm v3.22's SDK requires no k8s.io
// version above ours (v0.37.x) and only adds test-time dependencies; the server binary
// does not import it.
package chartrender

import (
	"bytes"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"

	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
	"helm.sh/helm/v3/pkg/releaseutil"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"
)

// Defaults of Options.
const (
	DefaultReleaseName = "podpatterns"
	DefaultNamespace   = "podpatterns-system"
	// DefaultKubeVersion is the Kubernetes version the chart is rendered for: the one
	// envtest runs (test/tools/build-envtest.sh).
	DefaultKubeVersion = "v1.37.2"
)

// Options says how to render.
type Options struct {
	// ChartDir defaults to this repository's charts/podpatterns.
	ChartDir string
	// ReleaseName and Namespace default to DefaultReleaseName and DefaultNamespace.
	ReleaseName string
	Namespace   string
	// ValuesFiles are read in order (like repeated `helm -f`), relative paths from the
	// chart directory; Values is merged last (like --set).
	ValuesFiles []string
	Values      map[string]any
	// KubeVersion defaults to DefaultKubeVersion.
	KubeVersion string
	// APIVersions are added to the capabilities (like `helm --api-versions`).
	APIVersions []string
	// IsUpgrade renders as `helm upgrade` would.
	IsUpgrade bool
}

// ChartDir is the absolute path of charts/podpatterns in this repository.
func ChartDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "charts", "podpatterns")
}

// withDefaults fills in the defaults.
func (o Options) withDefaults() Options {
	if o.ChartDir == "" {
		o.ChartDir = ChartDir()
	}
	if o.ReleaseName == "" {
		o.ReleaseName = DefaultReleaseName
	}
	if o.Namespace == "" {
		o.Namespace = DefaultNamespace
	}
	if o.KubeVersion == "" {
		o.KubeVersion = DefaultKubeVersion
	}
	return o
}

// Render renders the chart. An error means `helm install` would fail before contacting
// the cluster: bad values file, schema violation, incompatible Kubernetes version, or a
// template error.
func Render(opts Options) (*Manifests, error) {
	opts = opts.withDefaults()
	chrt, err := loader.Load(opts.ChartDir)
	if err != nil {
		return nil, fmt.Errorf("loading chart: %w", err)
	}
	caps, err := capabilities(opts)
	if err != nil {
		return nil, err
	}
	if c := chrt.Metadata.KubeVersion; c != "" && !chartutil.IsCompatibleRange(c, caps.KubeVersion.String()) {
		return nil, fmt.Errorf("chart requires kubeVersion: %s which is incompatible with Kubernetes %s", c, caps.KubeVersion.String())
	}
	values, err := UserValues(opts)
	if err != nil {
		return nil, err
	}
	release := chartutil.ReleaseOptions{Name: opts.ReleaseName, Namespace: opts.Namespace, Revision: 1, IsInstall: !opts.IsUpgrade, IsUpgrade: opts.IsUpgrade}
	renderValues, err := chartutil.ToRenderValues(chrt, values, release, caps)
	if err != nil {
		return nil, err
	}
	files, err := engine.Render(chrt, renderValues)
	if err != nil {
		return nil, err
	}
	return newManifests(chrt, files, caps)
}

// UserValues merges opts' values files and Values, as the helm CLI does before the chart's
// own values.yaml is coalesced under them.
func UserValues(opts Options) (map[string]any, error) {
	opts = opts.withDefaults()
	merged := map[string]any{}
	for _, f := range opts.ValuesFiles {
		if !filepath.IsAbs(f) {
			f = filepath.Join(opts.ChartDir, f)
		}
		vals, err := chartutil.ReadValuesFile(f)
		if err != nil {
			return nil, fmt.Errorf("reading values file: %w", err)
		}
		merged = mergeMaps(merged, vals)
	}
	return mergeMaps(merged, opts.Values), nil
}

// capabilities are Helm's defaults with opts' Kubernetes version and extra API versions.
func capabilities(opts Options) (*chartutil.Capabilities, error) {
	kv, err := chartutil.ParseKubeVersion(opts.KubeVersion)
	if err != nil {
		return nil, err
	}
	caps := chartutil.DefaultCapabilities.Copy()
	caps.KubeVersion = *kv
	caps.APIVersions = append(caps.APIVersions, opts.APIVersions...)
	return caps, nil
}

// mergeMaps deep-merges b over a (b wins), like helm's merging of -f files.
func mergeMaps(a, b map[string]any) map[string]any {
	out := make(map[string]any, len(a))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		if bv, ok := v.(map[string]any); ok {
			if av, ok := out[k].(map[string]any); ok {
				out[k] = mergeMaps(av, bv)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// Manifests is a rendered chart.
type Manifests struct {
	// Files are the rendered templates by path (e.g. podpatterns/templates/deployment.yaml),
	// NOTES.txt included.
	Files map[string]string
	// Objects are every rendered object in Helm's install order, hooks excluded.
	Objects []*unstructured.Unstructured
	// Hooks are the objects Helm creates around install, upgrade and delete, in Helm's
	// order (by weight, then kind and name).
	Hooks []Hook
}

// Hook is one hook object with the events it runs on (post-install, pre-delete, ...).
type Hook struct {
	Object *unstructured.Unstructured
	Events []string
	Weight int
}

// newManifests splits and sorts the rendered files as `helm install` does.
func newManifests(chrt *chart.Chart, files map[string]string, caps *chartutil.Capabilities) (*Manifests, error) {
	manifestFiles := map[string]string{}
	for name, content := range files {
		if strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml") {
			manifestFiles[name] = content
		}
	}
	hooks, sorted, err := releaseutil.SortManifests(manifestFiles, caps.APIVersions, releaseutil.InstallOrder)
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", chrt.Name(), err)
	}
	m := &Manifests{Files: files}
	for _, manifest := range sorted {
		obj, err := decodeManifest(manifest.Name, manifest.Content)
		if err != nil {
			return nil, err
		}
		if obj != nil {
			m.Objects = append(m.Objects, obj)
		}
	}
	for _, h := range hooks {
		obj, err := decodeManifest(h.Path, h.Manifest)
		if err != nil {
			return nil, err
		}
		hook := Hook{Object: obj, Weight: h.Weight}
		for _, e := range h.Events {
			hook.Events = append(hook.Events, string(e))
		}
		m.Hooks = append(m.Hooks, hook)
	}
	return m, nil
}

// decodeManifest decodes one sorted document; an empty one is nil.
func decodeManifest(name, content string) (*unstructured.Unstructured, error) {
	obj := &unstructured.Unstructured{}
	// SortManifests trims each document; helm install writes it back followed by a
	// newline, which a block scalar ending the document keeps.
	if err := yaml.Unmarshal([]byte(content+"\n"), &obj.Object); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(obj.Object) == 0 {
		return nil, nil
	}
	return obj, nil
}

// YAML is every object as one multi-document stream, in install order (for golden files
// and `kubectl apply -f -`).
func (m *Manifests) YAML() ([]byte, error) {
	return objectsYAML(m.Objects)
}

// HooksYAML is every hook object as one multi-document stream, in Helm's hook order.
func (m *Manifests) HooksYAML() ([]byte, error) {
	objs := make([]*unstructured.Unstructured, len(m.Hooks))
	for i, h := range m.Hooks {
		objs[i] = h.Object
	}
	return objectsYAML(objs)
}

func objectsYAML(objs []*unstructured.Unstructured) ([]byte, error) {
	var b bytes.Buffer
	for _, obj := range objs {
		data, err := yaml.Marshal(obj.Object)
		if err != nil {
			return nil, err
		}
		b.WriteString("---\n")
		b.Write(data)
	}
	return b.Bytes(), nil
}
