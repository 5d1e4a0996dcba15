package webhook

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/podpatterns/podpatterns/mutators"
)

// NamespaceLister answers what the server knows about a namespace. The server's own
// implementation reads an informer cache; it never calls the API server per request.
// The returned maps are shared with the cache: callers must not modify them.
type NamespaceLister interface {
	// Namespace returns the namespace's labels and annotations, or an error when it is
	// not known (yet).
	Namespace(ctx context.Context, name string) (mutators.Namespace, error)
}

// ErrNamespaceNotCached is returned when a namespace is not in the cache within the wait.
var ErrNamespaceNotCached = errors.New("namespace not in the informer cache")

// StaticNamespaces gives every namespace the same labels and annotations. It serves
// --standalone (load tests without a cluster) and the offline CLI.
type StaticNamespaces struct {
	Labels      map[string]string
	Annotations map[string]string
}

// Namespace returns name with the static labels and annotations.
func (s StaticNamespaces) Namespace(_ context.Context, name string) (mutators.Namespace, error) {
	return mutators.Namespace{Name: name, Labels: s.Labels, Annotations: s.Annotations}, nil
}

// cacheGetter is the one method of an informer cache the lister needs: the namespace in
// the shape the whole request path uses.
type cacheGetter func(name string) (ns mutators.Namespace, found bool)

// cachedNamespaces reads namespaces from an informer cache. A pod can arrive a few
// milliseconds before the watch event of its brand-new namespace, so a miss waits (polling
// the cache, not the API server) up to wait before giving up.
type cachedNamespaces struct {
	get  cacheGetter
	wait time.Duration
	// all lists the cache (NamespaceIndex); nil: the lister cannot list.
	all func() []mutators.Namespace
}

var _ NamespaceLister = (*cachedNamespaces)(nil)

func (c *cachedNamespaces) Namespace(ctx context.Context, name string) (mutators.Namespace, error) {
	if ns, ok := c.get(name); ok {
		return ns, nil
	}
	deadline := time.NewTimer(c.wait)
	defer deadline.Stop()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return mutators.Namespace{}, fmt.Errorf("%w: %s: %w", ErrNamespaceNotCached, name, ctx.Err())
		case <-deadline.C:
			return mutators.Namespace{}, fmt.Errorf("%w: %s (waited %s)", ErrNamespaceNotCached, name, c.wait)
		case <-tick.C:
			if ns, ok := c.get(name); ok {
				return ns, nil
			}
		}
	}
}
