// Package release checks what `make release` produced (the directory in
// $PODPATTERNS_DIST) and the build recipes behind it: the Dockerfile's pins and linker
// flags, the make targets for a Docker engine.
package release
