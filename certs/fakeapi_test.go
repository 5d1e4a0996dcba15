package certs

import (
	"context"
	"strconv"
	"sync"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/fake"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"
	k8stesting "k8s.io/client-go/testing"
)

// Names shared by the tests.
const (
	testNamespace = "podpatterns-system"
	testSecret    = "podpatterns-certs"
	testService   = "podpatterns"
	testWebhooks  = "podpatterns"
)

// fakeAPI is client-go's fake clientset plus the one apiserver behaviour the manager
// relies on and the fake lacks: optimistic concurrency. Every write gets a new
// resourceVersion, and an Update carrying a stale one fails with Conflict.
type fakeAPI struct {
	*fake.Clientset
	mu      sync.Mutex
	version int
	creates map[string]int // successful creates per resource
	updates map[string]int // successful updates per resource
}

func newFakeAPI(t *testing.T) *fakeAPI {
	t.Helper()
	api := &fakeAPI{creates: map[string]int{}, updates: map[string]int{}}
	api.Clientset = fake.NewClientset(
		&admissionregistrationv1.MutatingWebhookConfiguration{
			ObjectMeta: metav1.ObjectMeta{Name: testWebhooks, ResourceVersion: "1"},
			Webhooks:   []admissionregistrationv1.MutatingWebhook{{Name: "inject.podpatterns.io"}, {Name: "defaults.podpatterns.io"}},
		},
		&admissionregistrationv1.ValidatingWebhookConfiguration{
			ObjectMeta: metav1.ObjectMeta{Name: testWebhooks, ResourceVersion: "1"},
			Webhooks:   []admissionregistrationv1.ValidatingWebhook{{Name: "profiles.podpatterns.io"}},
		},
	)
	api.version = 1
	api.PrependReactor("create", "*", api.create)
	api.PrependReactor("update", "*", api.update)
	return api
}

func (a *fakeAPI) create(action k8stesting.Action) (bool, runtime.Object, error) {
	create := action.(k8stesting.CreateAction)
	obj := create.GetObject().DeepCopyObject()
	a.mu.Lock()
	defer a.mu.Unlock()
	a.stamp(obj)
	if err := a.Tracker().Create(action.GetResource(), obj, action.GetNamespace()); err != nil {
		return true, nil, err
	}
	a.creates[action.GetResource().Resource]++
	return true, obj, nil
}

func (a *fakeAPI) update(action k8stesting.Action) (bool, runtime.Object, error) {
	update := action.(k8stesting.UpdateAction)
	obj := update.GetObject().DeepCopyObject()
	gvr := action.GetResource()
	a.mu.Lock()
	defer a.mu.Unlock()
	accessor, _ := meta.Accessor(obj)
	stored, err := a.Tracker().Get(gvr, action.GetNamespace(), accessor.GetName())
	if err != nil {
		return true, nil, err
	}
	storedAccessor, _ := meta.Accessor(stored)
	if accessor.GetResourceVersion() != storedAccessor.GetResourceVersion() {
		return true, nil, apierrors.NewConflict(gvr.GroupResource(), accessor.GetName(), errStale)
	}
	a.stamp(obj)
	if err := a.Tracker().Update(gvr, obj, action.GetNamespace()); err != nil {
		return true, nil, err
	}
	a.updates[gvr.Resource]++
	return true, obj, nil
}

// stamp gives obj the next resourceVersion; callers hold mu.
func (a *fakeAPI) stamp(obj runtime.Object) {
	a.version++
	accessor, _ := meta.Accessor(obj)
	accessor.SetResourceVersion(strconv.Itoa(a.version))
}

var errStale = staleError("the object has been modified; please apply your changes to the latest version and try again")

type staleError string

func (e staleError) Error() string { return string(e) }

// counts returns the successful creates and updates of a resource.
func (a *fakeAPI) counts(resource string) (creates, updates int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.creates[resource], a.updates[resource]
}

// secret returns the stored Secret.
func (a *fakeAPI) secret(t *testing.T) *corev1.Secret {
	t.Helper()
	obj, err := a.Tracker().Get(schema.GroupVersionResource{Version: "v1", Resource: "secrets"}, testNamespace, testSecret)
	if err != nil {
		t.Fatalf("reading the secret: %v", err)
	}
	return obj.(*corev1.Secret)
}

// caBundles returns the caBundle of every webhook of both configurations.
func (a *fakeAPI) caBundles(t *testing.T) [][]byte {
	t.Helper()
	mgvr := admissionregistrationv1.SchemeGroupVersion.WithResource("mutatingwebhookconfigurations")
	vgvr := admissionregistrationv1.SchemeGroupVersion.WithResource("validatingwebhookconfigurations")
	mobj, err := a.Tracker().Get(mgvr, "", testWebhooks)
	if err != nil {
		t.Fatal(err)
	}
	vobj, err := a.Tracker().Get(vgvr, "", testWebhooks)
	if err != nil {
		t.Fatal(err)
	}
	var bundles [][]byte
	for _, w := range mobj.(*admissionregistrationv1.MutatingWebhookConfiguration).Webhooks {
		bundles = append(bundles, w.ClientConfig.CABundle)
	}
	for _, w := range vobj.(*admissionregistrationv1.ValidatingWebhookConfiguration).Webhooks {
		bundles = append(bundles, w.ClientConfig.CABundle)
	}
	return bundles
}

// racing wraps the fake so that, once armed for n, the next n GETs of the Secret, each
// after reading, wait for each other: n replicas then hold the same state before any of
// them writes, which is the race the manager must survive. (A reactor cannot do this: the
// fake runs reactors under one lock.)
func racing(api *fakeAPI) racingClient {
	return racingClient{Interface: api, b: &barrier{}}
}

// arm makes the next n Secret GETs wait for each other.
func (c racingClient) arm(n int) {
	c.b.mu.Lock()
	defer c.b.mu.Unlock()
	c.b.n, c.b.arrived, c.b.release = n, 0, make(chan struct{})
}

// barrier is disarmed while n is 0.
type barrier struct {
	mu      sync.Mutex
	n       int
	arrived int
	release chan struct{}
}

func (b *barrier) wait() {
	b.mu.Lock()
	if b.arrived >= b.n {
		b.mu.Unlock()
		return
	}
	b.arrived++
	release := b.release
	if b.arrived == b.n {
		close(release)
	}
	b.mu.Unlock()
	<-release
}

type racingClient struct {
	kubernetes.Interface
	b *barrier
}

func (c racingClient) CoreV1() corev1client.CoreV1Interface {
	return racingCore{CoreV1Interface: c.Interface.CoreV1(), b: c.b}
}

type racingCore struct {
	corev1client.CoreV1Interface
	b *barrier
}

func (c racingCore) Secrets(namespace string) corev1client.SecretInterface {
	return racingSecrets{SecretInterface: c.CoreV1Interface.Secrets(namespace), b: c.b}
}

type racingSecrets struct {
	corev1client.SecretInterface
	b *barrier
}

func (s racingSecrets) Get(ctx context.Context, name string, opts metav1.GetOptions) (*corev1.Secret, error) {
	secret, err := s.SecretInterface.Get(ctx, name, opts)
	s.b.wait()
	return secret, err
}
