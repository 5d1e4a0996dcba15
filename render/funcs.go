package render

import (
	"errors"
	"fmt"
	"text/template"

	"github.com/Masterminds/sprig/v3"
	"sigs.k8s.io/yaml"
)

// excludedFuncs are sprig functions that HermeticTxtFuncMap still offers but that would
// make a render differ between two runs of the same input (random values, generated
// keys and certificates, salted hashes, random IVs): a restarted init container must
// write the same config, and secrets belong in Secrets, not in rendered templates.
var excludedFuncs = []string{
	"randInt", "shuffle",
	"bcrypt", "htpasswd",
	"genPrivateKey", "genCA", "genCAWithKey",
	"genSelfSignedCert", "genSelfSignedCertWithKey",
	"genSignedCert", "genSignedCertWithKey",
	"encryptAES",
}

// ErrRequired is wrapped by the error of the `required` function.
var ErrRequired = errors.New("required value is empty")

// Funcs returns the template function library: sprig's hermetic text functions (no
// env/expandenv — the environment is .Env —, no dates relative to now, no random
// strings, no DNS lookups) minus excludedFuncs, plus:
//
//	required MSG VALUE  fails the render with MSG when VALUE is empty
//	toYaml VALUE        VALUE as YAML (for maps built with dict/list)
func Funcs() template.FuncMap {
	funcs := sprig.HermeticTxtFuncMap()
	for _, name := range excludedFuncs {
		delete(funcs, name)
	}
	funcs["required"] = required
	funcs["toYaml"] = toYaml
	return funcs
}

// required returns value, or an error with msg when value is nil or an empty string.
func required(msg string, value any) (any, error) {
	switch v := value.(type) {
	case nil:
		return nil, fmt.Errorf("%w: %s", ErrRequired, msg)
	case string:
		if v == "" {
			return nil, fmt.Errorf("%w: %s", ErrRequired, msg)
		}
	}
	return value, nil
}

// toYaml marshals value as YAML, without the trailing newline (like Helm's toYaml).
func toYaml(value any) (string, error) {
	out, err := yaml.Marshal(value)
	if err != nil {
		return "", err
	}
	if n := len(out); n > 0 && out[n-1] == '\n' {
		out = out[:n-1]
	}
	return string(out), nil
}
