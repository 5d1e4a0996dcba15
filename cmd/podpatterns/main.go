// Command podpatterns is the podpatterns admission webhook server and its offline tools:
// serve, inject, validate, render and version share one binary (the render init
// container runs the same image as the server).
package main

import (
	"os"
)

func main() {
	if err := newRootCommand().Execute(); err != nil {
		os.Exit(exitCode(err))
	}
}
