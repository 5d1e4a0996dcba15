// Package config owns podpatterns' config file: the types aggregate (each section's type
// lives with the package that uses it), strict decoding with line numbers, defaults,
// validation, the revision (a hash of the normalized content) and the Watcher that
// hot-reloads the file.
//
// testdata/*.good.yaml must load; testdata/*.bad.yaml must fail with exactly the problems
// listed in their `# want:` lines, in order, each as the error message prints it.
package config
