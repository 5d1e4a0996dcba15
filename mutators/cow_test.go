package mutators_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/patch"
)

// TestChainNeverWritesTheInput: MutatePod hands the chain the decoded pod itself, which
// the chain copies only where it writes (mutators.NewRequest, request_write.go), and the
// patch is the diff from that pod. For every golden case in every namespace of the doors
// table, and the harness's all-patterns pod with each profile: MutatePod leaves its input
// exactly as it was, up to the capacity of its slices (every one given spare room, as a
// decoder leaves it); its pod, report and patch bytes are the deep-copy path's (the
// chain writing a deep copy in place, as MutatePod did before); and a second pass on the
// mutated pod (a reinvocation) writes neither that pod nor the first input.
func TestChainNeverWritesTheInput(t *testing.T) {
	for _, r := range mutatorstest.AllRows(t) {
		checkUnwritten(t, r.Name, r.Pipeline, r.Pod, r.Namespace)
	}
}

// checkUnwritten is one case of TestChainNeverWritesTheInput.
func checkUnwritten(t *testing.T, name string, p *admission.Pipeline, in *corev1.Pod, ns mutators.Namespace) {
	t.Helper()
	saved := in.DeepCopy()
	in = in.DeepCopy() // the row's pod keeps its own slices
	growSlices(reflect.ValueOf(in))
	m, err := p.MutatePod(in, ns)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if !reflect.DeepEqual(in, saved) {
		t.Fatalf("%s: MutatePod wrote its input pod (-before +after):\n%s", name, cmp.Diff(saved, in))
	}
	if written := spareWritten(reflect.ValueOf(in), "pod"); len(written) > 0 {
		t.Fatalf("%s: MutatePod appended into the spare capacity of its input's slices: %v", name, written)
	}
	want, err := deepCopyPath(p, saved, ns)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if !reflect.DeepEqual(m.Pod, want.Pod) || !reflect.DeepEqual(m.Report, want.Report) {
		t.Fatalf("%s: MutatePod differs from the deep-copy path (-deep-copy +MutatePod):\n%s%s", name,
			cmp.Diff(want.Pod, m.Pod), cmp.Diff(want.Report, m.Report))
	}
	if !bytes.Equal(m.Patch, want.Patch) {
		t.Fatalf("%s: the patch differs from the deep-copy path's:\n%s\n%s", name, want.Patch, m.Patch)
	}
	if m.Denied() {
		return
	}
	mutated := m.Pod.DeepCopy()
	if _, err := p.MutatePod(m.Pod, ns); err != nil {
		t.Fatalf("%s: second pass: %v", name, err)
	}
	if !reflect.DeepEqual(m.Pod, mutated) || !reflect.DeepEqual(in, saved) {
		t.Fatalf("%s: the second pass wrote its input (-before +after):\n%s%s", name, cmp.Diff(mutated, m.Pod), cmp.Diff(saved, in))
	}
}

// deepCopyPath is MutatePod as it was before the copy on write, the reference: the chain
// writes a deep copy of pod in place, and the patch is the diff from pod.
func deepCopyPath(p *admission.Pipeline, pod *corev1.Pod, ns mutators.Namespace) (admission.Mutation, error) {
	req := mutators.NewRequestInPlace(pod.DeepCopy(), ns)
	p.Mutators.Mutate(req)
	m := admission.Mutation{Pod: req.Pod, Report: req.Report}
	if len(req.Report.Denials) > 0 {
		return m, nil // the denial message is a function of the report's denials
	}
	var err error
	m.Patch, err = patch.Pod(pod, req.Pod)
	return m, err
}

// mutateChecked runs chain on in as MutatePod does (the fuzz targets' variant of
// TestChainNeverWritesTheInput): it fails t when the chain wrote in, or when its pod or
// report differ from the deep-copy path's.
func mutateChecked(t *testing.T, chain *mutators.Chain, in *corev1.Pod, ns mutators.Namespace) *mutators.Request {
	t.Helper()
	saved := in.DeepCopy()
	req := mutators.NewRequest(in, ns)
	chain.Mutate(req)
	if !reflect.DeepEqual(in, saved) {
		t.Fatalf("the chain wrote its input pod (-before +after):\n%s", cmp.Diff(saved, in))
	}
	ref := mutators.NewRequestInPlace(saved, ns)
	chain.Mutate(ref)
	if !reflect.DeepEqual(req.Pod, ref.Pod) || !reflect.DeepEqual(req.Report, ref.Report) {
		t.Fatalf("the chain differs from the deep-copy path (-deep-copy +copy-on-write):\n%s%s",
			cmp.Diff(ref.Pod, req.Pod), cmp.Diff(ref.Report, req.Report))
	}
	return req
}
