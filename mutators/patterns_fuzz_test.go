package mutators_test

import (
	"encoding/json"
	"slices"
	"strconv"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/qos"
)

// FuzzPatternAnnotations feeds random podpatterns.io/prestop, /downward-api,
// /config-template and /config-params values (on the pod, the namespace or neither) and
// random pod shapes through the standard chain. Invariants: no panic; the chain never
// writes its input and agrees with the deep-copy path (mutateChecked); the patch applies
// to the input JSON and reproduces the mutated pod; a second pass changes nothing; a
// denial names one of the annotations; an admitted pod keeps the apiserver's naming
// rules, never has its grace period lowered, covers every injected sleep plus the
// shutdown time, never sleeps longer than the cap, stays Guaranteed when it was, and
// runs the renderer before any native sidecar.
func FuzzPatternAnnotations(f *testing.F) {
	chain := fuzzChain(f)
	f.Add("true", "true", "nginx", "", []byte{0, 0, 0, 0, 1, 2, 3})
	f.Add("20", "false", "", "other-params", []byte{1, 1, 0, 1, 0, 40})
	f.Add("61", "yes", "nginx,other", "Bad/Name", []byte{0, 1, 0, 0})
	f.Add("0", "", "unknown", "p", []byte{2, 2, 2, 2, 9, 9, 9})
	f.Add("+5", "TRUE", "nginx", "nginx-params", []byte{1, 0, 1, 0, 3, 3, 3, 1, 1, 1})
	f.Add("60", "true", "nginx", "", []byte{0, 0, 0, 2, 4, 1, 1, 1, 2, 0, 1})
	f.Fuzz(func(t *testing.T, prestop, downward, template, params string, shape []byte) {
		s := &shaper{data: shape}
		pod := s.pod()
		ns := mutators.Namespace{Name: "fuzz", Labels: map[string]string{mutators.LabelInject: mutators.InjectEnabled}, Annotations: map[string]string{}}
		for _, a := range []struct{ key, value string }{
			{mutators.AnnotationPreStop, prestop},
			{mutators.AnnotationDownwardAPI, downward},
			{mutators.AnnotationConfigTemplate, template},
			{mutators.AnnotationConfigParams, params},
		} {
			switch s.next() % 3 {
			case 0:
				pod.Annotations[a.key] = a.value
			case 1:
				ns.Annotations[a.key] = a.value
			}
		}
		shapeLifecycle(s, pod)
		input, err := json.Marshal(pod)
		if err != nil {
			t.Fatal(err)
		}
		in, err := mutatorstest.ApplyPatch(input, nil)
		if err != nil {
			t.Fatal(err)
		}
		req := mutateChecked(t, chain, in, ns)
		out := req.Pod
		checkPatchAndIdempotence(t, chain, ns, input, in, out, req.Report)
		if len(req.Report.Denials) > 0 {
			checkDenialsNameAnnotations(t, req.Report)
			return
		}
		effective := func(key string) string {
			if v, ok := in.Annotations[key]; ok {
				return v
			}
			return ns.Annotations[key]
		}
		if n, err := strconv.Atoi(effective(mutators.AnnotationPreStop)); err == nil && n > 60 {
			t.Fatalf("prestop %d above the cap of 60 was admitted", n)
		}
		if err := podInvariants(out); err != nil {
			t.Fatalf("%v\npod: %s", err, mustJSON(out))
		}
		checkLifecycle(t, in, out)
		checkRenderer(t, out)
		if in.Spec.Resources == nil && qos.ClassOf(in) == corev1.PodQOSGuaranteed && qos.ClassOf(out) != corev1.PodQOSGuaranteed {
			t.Fatalf("a Guaranteed pod became %s", qos.ClassOf(out))
		}
	})
}

// shapeLifecycle gives the pod a grace period and its first container a preStop hook,
// or not, from the fuzz bytes.
func shapeLifecycle(s *shaper, pod *corev1.Pod) {
	if b := s.next(); b%3 != 0 {
		grace := int64(b % 100)
		pod.Spec.TerminationGracePeriodSeconds = &grace
	}
	if s.next()%3 == 0 {
		pod.Spec.Containers[0].Lifecycle = &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{
			Exec: &corev1.ExecAction{Command: []string{"/bin/drain"}},
		}}
	}
}

// checkPatchAndIdempotence: the patch reproduces out from the input JSON; a second pass
// over out changes nothing and reports nothing new (mutatorstest.SecondPass).
func checkPatchAndIdempotence(t *testing.T, chain *mutators.Chain, ns mutators.Namespace, input []byte, in, out *corev1.Pod, first mutators.Report) {
	t.Helper()
	mutatorstest.CheckPodPatch(t, input, in, out)
	mutatorstest.CheckSecondPass(t, chain, ns, out, first)
}

// checkDenialsNameAnnotations: every denial points the user at an annotation.
func checkDenialsNameAnnotations(t *testing.T, r mutators.Report) {
	t.Helper()
	for _, d := range r.Denials {
		if !slices.ContainsFunc([]string{"metadata.annotations[", "annotations["}, func(p string) bool {
			return len(d.Field) >= len(p) && containsString(d.Field, p)
		}) {
			t.Fatalf("denial %q names no annotation", d.Error())
		}
	}
}

func containsString(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// gracePeriod is the pod's effective grace period (unset is the apiserver's 30 s).
func gracePeriod(pod *corev1.Pod) int64 {
	if p := pod.Spec.TerminationGracePeriodSeconds; p != nil {
		return *p
	}
	return corev1.DefaultTerminationGracePeriodSeconds
}

// checkLifecycle: the grace period is never lowered, and covers every sleep podpatterns
// injected plus the example config's 30 s of shutdown; sleeps stay within 1..60 s; hooks
// the input had are unchanged.
func checkLifecycle(t *testing.T, in, out *corev1.Pod) {
	t.Helper()
	if gracePeriod(out) < gracePeriod(in) {
		t.Fatalf("grace period lowered from %d to %d", gracePeriod(in), gracePeriod(out))
	}
	for i, c := range out.Spec.Containers {
		if c.Lifecycle == nil || c.Lifecycle.PreStop == nil {
			continue
		}
		if i < len(in.Spec.Containers) && in.Spec.Containers[i].Lifecycle != nil && in.Spec.Containers[i].Lifecycle.PreStop != nil {
			if !equality.Semantic.DeepEqual(in.Spec.Containers[i].Lifecycle.PreStop, c.Lifecycle.PreStop) {
				t.Fatalf("container %q had its own preStop replaced", c.Name)
			}
			continue
		}
		sleep := c.Lifecycle.PreStop.Sleep
		if sleep == nil {
			t.Fatalf("container %q got a preStop that is not the configured sleep: %+v", c.Name, c.Lifecycle.PreStop)
		}
		if sleep.Seconds < 1 || sleep.Seconds > 60 {
			t.Fatalf("container %q sleeps %d s, outside 1..60", c.Name, sleep.Seconds)
		}
		if gracePeriod(out) < sleep.Seconds+30 {
			t.Fatalf("grace period %d does not cover %d s of sleep + 30 s of shutdown", gracePeriod(out), sleep.Seconds)
		}
	}
	for _, c := range out.Spec.InitContainers {
		if c.Lifecycle != nil {
			t.Fatalf("init container %q got a lifecycle hook", c.Name)
		}
	}
}

// checkRenderer: the render init container runs before every native sidecar and keeps
// its restricted securityContext.
func checkRenderer(t *testing.T, out *corev1.Pod) {
	t.Helper()
	render := slices.IndexFunc(out.Spec.InitContainers, func(c corev1.Container) bool { return c.Name == mutators.RenderContainerName })
	if render < 0 {
		return
	}
	for i, c := range out.Spec.InitContainers[:render] {
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			t.Fatalf("native sidecar %q (index %d) starts before the renderer (index %d)", c.Name, i, render)
		}
	}
	sc := out.Spec.InitContainers[render].SecurityContext
	if sc == nil || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation ||
		sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL") || sc.SeccompProfile == nil {
		t.Fatalf("renderer securityContext is not restricted: %+v", sc)
	}
}
