package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"

	jsonpatch "github.com/evanphx/json-patch/v5"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"

	"github.com/podpatterns/podpatterns/podresources"
)

// templatePaths says where each workload kind keeps its pod template. The offline tools
// act on that template exactly as the server acts on the pods it will create.
var templatePaths = map[string][]string{
	"Pod":         nil,
	"Deployment":  {"spec", "template"},
	"StatefulSet": {"spec", "template"},
	"DaemonSet":   {"spec", "template"},
	"ReplicaSet":  {"spec", "template"},
	"Job":         {"spec", "template"},
	"CronJob":     {"spec", "jobTemplate", "spec", "template"},
}

// document is one object of the input. Only its pod (or pod template) is ever changed,
// through a JSON patch, so every other field is printed back as it came.
type document struct {
	obj map[string]any
}

func (d *document) kind() string { s, _ := d.obj["kind"].(string); return s }

func (d *document) name() string {
	meta, _ := d.obj["metadata"].(map[string]any)
	if n, _ := meta["name"].(string); n != "" {
		return d.kind() + "/" + n
	}
	return d.kind()
}

// podObject returns the map holding the pod (metadata + spec) and whether the kind has one.
func (d *document) podObject() (map[string]any, bool) {
	path, ok := templatePaths[d.kind()]
	if !ok {
		return nil, false
	}
	cur := d.obj
	for _, key := range path {
		next, ok := cur[key].(map[string]any)
		if !ok {
			return nil, false
		}
		cur = next
	}
	if _, ok := cur["metadata"].(map[string]any); !ok {
		cur["metadata"] = map[string]any{} // so a patch can add annotations to a template
	}
	return cur, true
}

// pod decodes the document's pod, defaulting its namespace to ns.
func (d *document) pod(ns string) (*corev1.Pod, bool, error) {
	obj, ok := d.podObject()
	if !ok {
		return nil, false, nil
	}
	raw, err := json.Marshal(obj)
	if err != nil {
		return nil, false, err
	}
	if err := checkQuantities(raw); err != nil { // before ParseQuantity sees one
		return nil, false, fmt.Errorf("%s: %w", d.name(), err)
	}
	pod := &corev1.Pod{}
	if err := json.Unmarshal(raw, pod); err != nil {
		return nil, false, fmt.Errorf("%s: decoding the pod: %w", d.name(), err)
	}
	if pod.Namespace == "" {
		meta, _ := d.obj["metadata"].(map[string]any)
		pod.Namespace, _ = meta["namespace"].(string)
	}
	if pod.Namespace == "" {
		pod.Namespace = ns
	}
	return pod, true, nil
}

// templatePath is the path of a workload's pod template (spec.template,
// spec.jobTemplate.spec.template); nil for a Pod.
func (d *document) templatePath() *field.Path {
	path := templatePaths[d.kind()]
	if len(path) == 0 {
		return nil
	}
	return field.NewPath(path[0], path[1:]...)
}

// setContainers writes pod's containers and init containers into the document's pod.
func (d *document) setContainers(pod *corev1.Pod) error {
	obj, _ := d.podObject()
	spec, _ := obj["spec"].(map[string]any)
	if spec == nil {
		return fmt.Errorf("%s: no spec", d.name())
	}
	for key, list := range map[string][]corev1.Container{"containers": pod.Spec.Containers, "initContainers": pod.Spec.InitContainers} {
		if len(list) == 0 {
			continue
		}
		raw, err := json.Marshal(list)
		if err != nil {
			return err
		}
		var v []any
		if err := json.Unmarshal(raw, &v); err != nil {
			return err
		}
		spec[key] = v
	}
	return nil
}

// applyPatch applies a pod JSON patch to the document's pod object in place.
func (d *document) applyPatch(patch []byte) error {
	obj, _ := d.podObject()
	raw, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	p, err := jsonpatch.DecodePatch(patch)
	if err != nil {
		return err
	}
	out, err := p.Apply(raw)
	if err != nil {
		return fmt.Errorf("%s: applying the patch: %w", d.name(), err)
	}
	patched := map[string]any{}
	if err := json.Unmarshal(out, &patched); err != nil {
		return err
	}
	clear(obj)
	for k, v := range patched {
		obj[k] = v
	}
	return nil
}

// readDocuments reads multi-document YAML (or JSON) from path ("-" is stdin). A List is
// flattened into its items.
func readDocuments(path string, stdin io.Reader) ([]*document, error) {
	in := stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		in = f
	}
	reader := utilyaml.NewYAMLReader(bufio.NewReader(in))
	var docs []*document
	for {
		chunk, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		if len(bytes.TrimSpace(chunk)) == 0 {
			continue
		}
		obj := map[string]any{}
		if err := yaml.Unmarshal(chunk, &obj); err != nil {
			return nil, fmt.Errorf("document %d: %w", len(docs)+1, err)
		}
		if len(obj) == 0 {
			continue
		}
		docs = append(docs, flattenList(obj)...)
	}
}

func flattenList(obj map[string]any) []*document {
	items, isList := obj["items"].([]any)
	if kind, _ := obj["kind"].(string); kind != "List" || !isList {
		return []*document{{obj: obj}}
	}
	var docs []*document
	for _, it := range items {
		if m, ok := it.(map[string]any); ok {
			docs = append(docs, flattenList(m)...)
		}
	}
	return docs
}

// writeDocuments prints docs as multi-document YAML.
func writeDocuments(w io.Writer, docs []*document) error {
	for i, d := range docs {
		out, err := yaml.Marshal(d.obj)
		if err != nil {
			return err
		}
		if i > 0 {
			if _, err := io.WriteString(w, "---\n"); err != nil {
				return err
			}
		}
		if _, err := w.Write(out); err != nil {
			return err
		}
	}
	return nil
}

// checkQuantities refuses a pod carrying a quantity whose parse may not return
// (podresources.CheckQuantityText): manifests from anywhere go through the CLI in CI.
func checkQuantities(raw []byte) error {
	if !podresources.MayHoldUnboundedQuantity(raw) {
		return nil
	}
	return podresources.CheckQuantitiesJSON(raw, reflect.TypeFor[corev1.Pod]())
}
