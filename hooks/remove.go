package hooks

import (
	"context"
	"fmt"
	"io"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// RemoveWebhookConfigurations deletes the named mutating and validating webhook
// configurations (an empty name is skipped). One already gone is not an error: a second
// uninstall attempt, or an operator who removed them by hand first, must still succeed.
func RemoveWebhookConfigurations(ctx context.Context, client kubernetes.Interface, mutating, validating string, out io.Writer) error {
	adm := client.AdmissionregistrationV1()
	steps := []struct {
		kind, name string
		del        func(context.Context, string, metav1.DeleteOptions) error
	}{
		{"MutatingWebhookConfiguration", mutating, adm.MutatingWebhookConfigurations().Delete},
		{"ValidatingWebhookConfiguration", validating, adm.ValidatingWebhookConfigurations().Delete},
	}
	for _, s := range steps {
		if s.name == "" {
			continue
		}
		err := s.del(ctx, s.name, metav1.DeleteOptions{})
		switch {
		case err == nil:
			fmt.Fprintf(out, "deleted %s %s\n", s.kind, s.name)
		case apierrors.IsNotFound(err):
			fmt.Fprintf(out, "%s %s was already gone\n", s.kind, s.name)
		default:
			return fmt.Errorf("deleting %s %s: %w", s.kind, s.name, err)
		}
	}
	return nil
}
