package webhook

import (
	"strings"
	"sync"
)

// labelValues holds one copy of each label value that comes from a request. A decoded
// pod's strings are views of the request body (decodePod), and a counter's series keeps
// the label values it was created with for the life of the process: a view would pin
// that request's whole body. The values are names of templates that were injected, so
// there are no more of them than the configurations have named.
type labelValues struct {
	mu sync.RWMutex
	m  map[string]string
}

// owned returns the held copy of s, making it on first sight (no allocation after).
func (l *labelValues) owned(s string) string {
	l.mu.RLock()
	v, ok := l.m[s]
	l.mu.RUnlock()
	if ok {
		return v
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if v, ok := l.m[s]; ok {
		return v
	}
	if l.m == nil {
		l.m = map[string]string{}
	}
	v = strings.Clone(s)
	l.m[v] = v
	return v
}
