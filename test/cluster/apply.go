package cluster

import (
	"context"
	"fmt"
	"slices"
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// CreatedObject is the apiserver's answer to one object of CreateObjects.
type CreatedObject struct {
	Kind, Namespace, Name string
	// DryRun: the object was only validated (server-side dry-run), not stored.
	DryRun bool
	// Warnings the apiserver returned (deprecations, Pod Security warnings, ...).
	Warnings []string
}

// String names the object for messages.
func (c CreatedObject) String() string {
	if c.Namespace == "" {
		return c.Kind + " " + c.Name
	}
	return c.Kind + " " + c.Namespace + "/" + c.Name
}

// CreateObjects creates objs in order, as `helm install` does, with strict field
// validation: a field the apiserver does not know (a typo in a template, a field of a
// newer API) or a duplicated one is an error, where a plain create would drop it
// silently. Objects of the dryRunKinds are sent with server-side dry-run: fully
// validated and admitted, never stored. It stops at the first error.
func CreateObjects(ctx context.Context, cfg *rest.Config, objs []*unstructured.Unstructured, dryRunKinds ...string) ([]CreatedObject, error) {
	warnings := &warningLog{}
	cfg = rest.CopyConfig(cfg)
	cfg.WarningHandler = warnings
	// A new client discovers the API afresh, so CRDs installed just before are known.
	c, err := client.New(cfg, client.Options{})
	if err != nil {
		return nil, err
	}
	var created []CreatedObject
	for _, obj := range objs {
		res := CreatedObject{Kind: obj.GetKind(), Namespace: obj.GetNamespace(), Name: obj.GetName(), DryRun: slices.Contains(dryRunKinds, obj.GetKind())}
		opts := []client.CreateOption{client.FieldValidation(metav1.FieldValidationStrict)}
		if res.DryRun {
			opts = append(opts, client.DryRunAll)
		}
		warnings.reset()
		if err := c.Create(ctx, obj.DeepCopy(), opts...); err != nil {
			return created, fmt.Errorf("creating %s: %w", res, err)
		}
		res.Warnings = warnings.take()
		created = append(created, res)
	}
	return created, nil
}

// warningLog records the apiserver's warnings (HTTP Warning headers).
type warningLog struct {
	mu   sync.Mutex
	list []string
}

// HandleWarningHeader implements rest.WarningHandler.
func (w *warningLog) HandleWarningHeader(code int, _ string, text string) {
	if code != 299 || text == "" {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.list = append(w.list, text)
}

func (w *warningLog) reset() { w.take() }

func (w *warningLog) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.list
	w.list = nil
	return out
}
