package render

import (
	"errors"
	"flag"
	"os"
)

// The directories the injected init container mounts; the mutator passes them as flags
// and they are also the flags' defaults, so `podpatterns render` with no flags does the
// right thing inside the init container.
const (
	DefaultTemplatesDir = "/podpatterns-render/templates"
	DefaultParamsDir    = "/podpatterns-render/params"
	DefaultOutputDir    = "/podpatterns-render/output"
)

// Options say what to render where.
type Options struct {
	// TemplatesDir holds the template files (a ConfigMap volume).
	TemplatesDir string
	// ParamsDir holds the parameters, one file per key (a ConfigMap volume). Empty means
	// no parameters.
	ParamsDir string
	// OutputDir receives the rendered files; it must exist (it is the emptyDir mount).
	OutputDir string
	// Environ is the environment offered as .Env, as KEY=VALUE pairs. Nil means
	// os.Environ(); pass an empty, non-nil slice for none.
	Environ []string
}

// DefaultOptions returns the init container's layout and the process environment.
func DefaultOptions() Options {
	return Options{TemplatesDir: DefaultTemplatesDir, ParamsDir: DefaultParamsDir, OutputDir: DefaultOutputDir}
}

// AddFlags registers --templates, --params and --output on fs (pflag users can adopt it
// with AddGoFlagSet).
func (o *Options) AddFlags(fs *flag.FlagSet) {
	fs.StringVar(&o.TemplatesDir, "templates", o.TemplatesDir, "directory of template files (a ConfigMap volume)")
	fs.StringVar(&o.ParamsDir, "params", o.ParamsDir, "directory of parameters, one file per key (a ConfigMap volume); empty for none")
	fs.StringVar(&o.OutputDir, "output", o.OutputDir, "existing directory that receives the rendered files")
}

// Validate reports missing directories before anything is read.
func (o *Options) Validate() error {
	var errs []error
	if o.TemplatesDir == "" {
		errs = append(errs, errors.New("--templates is required"))
	}
	if o.OutputDir == "" {
		errs = append(errs, errors.New("--output is required"))
	}
	return errors.Join(errs...)
}

func (o *Options) environ() []string {
	if o.Environ == nil {
		return os.Environ()
	}
	return o.Environ
}
