package render

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"text/template"
)

// TemplateSuffix is dropped from a template's name to name its output: a ConfigMap key
// nginx.conf.tmpl renders to nginx.conf (a key without it keeps its name).
const TemplateSuffix = ".tmpl"

// PartialPrefix starts the name of a template, or of a directory of templates, that is
// only for reuse through {{ define }} / {{ template }}: it is parsed with the others but
// not written out (`_helpers.tmpl`, `_partials/x.tmpl`).
const PartialPrefix = "_"

// MaxOutputBytes caps one rendered file, so a runaway loop fails instead of filling the
// emptyDir (or the init container's memory).
const MaxOutputBytes = 8 << 20

// ErrNoTemplates is returned when the templates directory has nothing to render: an
// init container that renders nothing is a misconfiguration, not a success.
var ErrNoTemplates = errors.New("no templates to render")

// Data is what templates see as dot.
type Data struct {
	// Params are the parameters, key → value. A missing key is an error.
	Params map[string]any
	// Env is the environment, name → value. A missing name is an error; use
	// `{{ get .Env "X" | default "y" }}` for an optional one.
	Env map[string]any
}

// Result lists what a render wrote.
type Result struct {
	// Files are the output paths relative to the output directory, sorted.
	Files []string
}

// Run renders o.TemplatesDir into o.OutputDir: everything is rendered in memory first,
// and only when every template succeeded is the set written (see writeAll).
func Run(o Options) (Result, error) {
	if err := o.Validate(); err != nil {
		return Result{}, err
	}
	templates, err := readTree(o.TemplatesDir)
	if err != nil {
		return Result{}, fmt.Errorf("reading templates: %w", err)
	}
	data := Data{Params: map[string]any{}, Env: envMap(o.environ())}
	if o.ParamsDir != "" {
		if data.Params, err = readParams(o.ParamsDir); err != nil {
			return Result{}, fmt.Errorf("reading params: %w", err)
		}
	}
	out, err := Render(templates, data)
	if err != nil {
		return Result{}, err
	}
	if err := writeAll(o.OutputDir, out); err != nil {
		return Result{}, fmt.Errorf("writing %s: %w", o.OutputDir, err)
	}
	return Result{Files: sortedNames(out)}, nil
}

// Render executes every template of files (name → source) with data and returns the
// outputs (output name → content). Templates share one namespace, so a {{ define }} in
// one file (typically a partial) is usable in all. Every failing template is reported,
// each error naming its file.
func Render(files map[string][]byte, data Data) (map[string][]byte, error) {
	set := template.New("").Option("missingkey=error").Funcs(Funcs()).Funcs(template.FuncMap{lookupFunc: lookup})
	outputs := map[string]string{} // output name → template name
	var errs []error
	for _, name := range sortedNames(files) {
		if _, err := set.New(name).Parse(string(files[name])); err != nil {
			errs = append(errs, fmt.Errorf("parsing %s: %w", name, err))
			continue
		}
		if isPartial(name) {
			continue
		}
		target := strings.TrimSuffix(name, TemplateSuffix)
		if other, dup := outputs[target]; dup {
			errs = append(errs, fmt.Errorf("%s and %s both render to %s", other, name, target))
			continue
		}
		outputs[target] = name
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	rewriteOptional(set)
	if len(outputs) == 0 {
		return nil, ErrNoTemplates
	}
	rendered := make(map[string][]byte, len(outputs))
	for _, target := range sortedNames(outputs) {
		var buf bytes.Buffer
		name := outputs[target]
		if err := set.ExecuteTemplate(&limitedWriter{w: &buf, left: MaxOutputBytes}, name, data); err != nil {
			errs = append(errs, fmt.Errorf("rendering %s: %w", name, err))
			continue
		}
		rendered[target] = buf.Bytes()
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return rendered, nil
}

// isPartial reports whether any element of the slash-separated name starts with PartialPrefix.
func isPartial(name string) bool {
	for _, elem := range strings.Split(name, "/") {
		if strings.HasPrefix(elem, PartialPrefix) {
			return true
		}
	}
	return false
}

// errOutputTooLarge stops a template whose output exceeds MaxOutputBytes.
var errOutputTooLarge = fmt.Errorf("output larger than %d bytes", MaxOutputBytes)

// limitedWriter fails once more than left bytes were written.
type limitedWriter struct {
	w    *bytes.Buffer
	left int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if len(p) > l.left {
		return 0, errOutputTooLarge
	}
	l.left -= len(p)
	return l.w.Write(p)
}

func sortedNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}
