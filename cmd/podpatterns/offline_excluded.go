package main

import (
	"fmt"
	"io"
	"strings"
)

// systemNamespace is excluded by the chart's webhooks whatever the values say.
const systemNamespace = "kube-system"

// excludedNamespace reports whether the chart's webhooks never send objects of
// namespace (kube-system and the release namespace, which --config-map names), so the
// offline tools leave them as the cluster would: unmutated and unjudged.
func (o *offlineFlags) excludedNamespace(namespace string) bool {
	release, _, _ := strings.Cut(o.cluster.configMap, "/")
	return namespace == systemNamespace || namespace == release
}

// noteExcluded says on stderr that doc is left alone because of its namespace.
func (o *offlineFlags) noteExcluded(stderr io.Writer, doc, namespace string) {
	release, _, _ := strings.Cut(o.cluster.configMap, "/")
	fmt.Fprintf(stderr, "Note: %s: not mutated nor validated: the chart's webhooks never send objects of namespace %s (%s and the release namespace %s are excluded)\n",
		doc, namespace, systemNamespace, release)
}
