package webhook

import (
	"context"
	"fmt"
)

// Runnable is work the server runs next to its endpoints until the context ends, such as
// the informer caches (ClusterCache) and the self-managed certificate manager
// (certs.Manager). Start may return early with nil once its own goroutines run (the
// caches return after their first sync).
type Runnable interface {
	Start(ctx context.Context) error
}

// runBackground runs r. An error while the server is serving stops the server; an error
// caused by the shutdown itself (ctx done) does not make Run fail.
func runBackground(ctx context.Context, r Runnable) error {
	err := r.Start(ctx)
	if err == nil || ctx.Err() != nil {
		return nil
	}
	return fmt.Errorf("%T stopped: %w", r, err)
}
