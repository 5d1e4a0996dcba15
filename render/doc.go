// Package render is the Configuration Template renderer (Kubernetes Patterns, chapter 21)
// behind `podpatterns render`, the command the injected init container runs.
//
// It reads every template file of a directory laid out like a ConfigMap volume (the
// visible entries are symlinks into a timestamped `..data` directory; dotfiles and the
// `..` entries are skipped), executes them with text/template against
//
//	.Params  the parameters: one file per key of another ConfigMap volume, value = file content
//	.Env     the renderer's environment (the init container's env: POD_NAME, POD_NAMESPACE,
//	         POD_IP, NODE_NAME, POD_SERVICE_ACCOUNT from the Downward API)
//
// and writes the results into an output directory (the emptyDir the app mounts).
//
// Rendering fails loudly: a missing key (`{{ .Params.port }}` without a port parameter)
// is an error naming the file and the key (missingkey=error), and nothing is written
// unless every template rendered. The function library is sprig's hermetic set without
// its random, key-generating and network functions (see Funcs), so a given set of
// templates, parameters and environment always renders to the same bytes.
package render
