package mutators_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
)

// TestChainLeavesSharedObjectsAlone: injected objects are not copied per pod: env vars
// (their ValueFrom), the config-template renderer's args, mounts and security context
// and the Downward API volume's fixed items are shared by the config (or the package's
// prebuilt values) and every pod they go into. So no mutator and no patch writer may
// write into them. Every golden case, in every namespace of the doors table, goes
// through MutatePod (chain and patch), then a second pass of the chain on the mutated
// pod (it edits copies of the containers the first pass injected, which share the
// config's objects), and so does the
// harness's all-patterns pod with and without a profile; afterwards the config and the
// prebuilt objects must be as they were.
func TestChainLeavesSharedObjectsAlone(t *testing.T) {
	for _, r := range mutatorstest.AllRows(t) {
		checkShared(t, r.Name, r.Pipeline, r.Pod, r.Namespace)
	}
	checkShared(t, "helpers with every pointer field", everyFieldPipeline(t), everyFieldPod(), injectNamespace)
}

// checkShared runs pod through p twice and fails when the config or the prebuilt
// objects changed.
func checkShared(t *testing.T, name string, p *admission.Pipeline, pod *corev1.Pod, ns mutators.Namespace) {
	t.Helper()
	before := sharedSnapshot(t, p)
	m, err := p.MutatePod(pod, ns)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if !m.Denied() {
		p.Mutators.Mutate(mutators.NewRequest(m.Pod, ns))
	}
	if after := sharedSnapshot(t, p); after != before {
		t.Errorf("%s: the chain or the patch changed a shared injected object:\nbefore %s\nafter  %s", name, before, after)
	}
}

// sharedSnapshot is the JSON of the pipeline's mutator config and the prebuilt objects.
func sharedSnapshot(t *testing.T, p *admission.Pipeline) string {
	t.Helper()
	data, err := json.Marshal([]any{p.Config.Mutators, mutators.SharedObjects(), mutators.RevisionObjects(p.Mutators)})
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

var injectNamespace = mutators.Namespace{Name: "team", Labels: map[string]string{mutators.LabelInject: mutators.InjectEnabled}}

// everyFieldConfig has classic and native helpers whose containers set the pointer and
// slice fields a mutator could be tempted to write through: a postStart hook without a
// preStop (the preStop pattern adds one to classic helpers), probes, a security
// context, env from a field, ports; volumes and app env with pointers too.
const everyFieldConfig = `
sidecars:
  classic:
    kind: adapter
    native: false
    container:
      image: classic:1
      args: [serve]
      ports: [{name: metrics, containerPort: 9100}]
      env: [{name: NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}]
      lifecycle: {postStart: {exec: {command: ["true"]}}}
      readinessProbe: {httpGet: {path: /ready, port: 9100}}
      securityContext: {runAsNonRoot: true, capabilities: {drop: [ALL]}}
      volumeMounts: [{name: shared, mountPath: /shared}]
      resources: {requests: {cpu: 10m, memory: 16Mi}, limits: {cpu: 10m, memory: 16Mi}}
    volumes: [{name: shared, emptyDir: {sizeLimit: 1Gi}}]
    appEnv: [{name: HELPER_NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}]
    appVolumeMounts: [{name: shared, mountPath: /shared}]
  native:
    kind: sidecar
    container:
      image: native:1
      lifecycle: {postStart: {exec: {command: ["true"]}}}
      startupProbe: {exec: {command: ["true"]}}
      resources: {requests: {cpu: 10m, memory: 16Mi}, limits: {cpu: 10m, memory: 16Mi}}
lifecycle:
  preStop: {default: true}
`

func everyFieldPipeline(t *testing.T) *admission.Pipeline {
	cfg, err := config.Parse("every-field", []byte(everyFieldConfig))
	if err != nil {
		t.Fatal(err)
	}
	return admission.Compose(cfg, admission.Deps{RenderImage: "podpatterns:test"})
}

// everyFieldPod selects both helpers and the Downward API.
func everyFieldPod() *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "team", Annotations: map[string]string{
			mutators.AnnotationAdapters: "classic", mutators.AnnotationSidecars: "native", mutators.AnnotationDownwardAPI: "true"}},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "app:1"}}},
	}
}

// TestSharedObjectsConcurrently: requests share the injected objects, so concurrent
// mutations of the all-patterns pod and of the every-field pod through one pipeline
// must each give the patch a lone mutation gives (under -race: and no write to what
// they share).
func TestSharedObjectsConcurrently(t *testing.T) {
	cfg := mutatorstest.ExampleConfig(t)
	standard := mutators.Namespace{Name: "shop", Labels: map[string]string{mutators.LabelInject: mutators.InjectEnabled, mutators.LabelProfile: "standard"}}
	runs := []struct {
		p   *admission.Pipeline
		pod func() *corev1.Pod
		ns  mutators.Namespace
	}{
		{admission.Compose(cfg, admission.Deps{RenderImage: "podpatterns:test"}), mutatorstest.AllPatternsPod, standard},
		{everyFieldPipeline(t), everyFieldPod, injectNamespace},
	}
	for _, r := range runs {
		lone, err := r.p.MutatePod(r.pod(), r.ns)
		if err != nil || lone.Patch == nil {
			t.Fatalf("no patch: %v", err)
		}
		var wg sync.WaitGroup
		errs := make(chan string, 8)
		for range 8 {
			wg.Go(func() {
				for range 25 {
					m, err := r.p.MutatePod(r.pod(), r.ns)
					if err != nil || !bytes.Equal(m.Patch, lone.Patch) {
						errs <- fmt.Sprintf("concurrent patch %s (err %v), lone %s", m.Patch, err, lone.Patch)
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Error(e)
		}
	}
}
