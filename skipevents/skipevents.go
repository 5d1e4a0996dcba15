// Package skipevents turns injections the webhook skipped into Kubernetes Warning
// Events, so `kubectl describe` / `kubectl get events` say why a sidecar is missing even
// when nobody saw the admission warning (a controller created the pod). The event goes
// to the pod's controller (a ReplicaSet, Job, StatefulSet: the pod itself does not exist
// yet at admission) or, for a bare pod, to its Namespace.
package skipevents

import (
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/tools/record"

	"github.com/podpatterns/podpatterns/mutators"
)

// Reason is the Event reason of every skip event.
const Reason = "PodpatternsSkipped"

// Noteworthy are the skip reasons that mean "you asked for something you did not get";
// opted-out, disabled and not-applicable are the pod's own choice and make no event.
var Noteworthy = []mutators.SkipReason{
	mutators.SkipUnknownTemplate, mutators.SkipWrongKind, mutators.SkipNameConflict, mutators.SkipQoSIncompatible,
	mutators.SkipBreaksProfile, mutators.SkipPodSecurity, mutators.SkipOSMismatch, mutators.SkipInvalidDefault, mutators.SkipLimitRange,
}

// Recorder emits skip events through an EventRecorder (client-go's correlator
// aggregates repeats and rate-limits each object: a storm of pods from one ReplicaSet
// makes a handful of events with a count, never one per pod).
type Recorder struct {
	rec record.EventRecorder
}

// New returns a Recorder writing through rec.
func New(rec record.EventRecorder) *Recorder { return &Recorder{rec: rec} }

// Skipped emits one Warning per noteworthy skip of the pod admitted in namespace.
func (r *Recorder) Skipped(namespace string, pod *corev1.Pod, skips []mutators.Skip) {
	var target *corev1.ObjectReference
	for _, s := range skips {
		if !slices.Contains(Noteworthy, s.Reason) {
			continue
		}
		if target == nil {
			target = Target(namespace, pod)
		}
		r.rec.Eventf(target, corev1.EventTypeWarning, Reason, "%s %q not injected into pod %s (%s): %s",
			s.Pattern, s.Template, podName(pod), s.Reason, s.Message)
	}
}

// Target is the object a skip event is about: the pod's controller, else its namespace
// (the event is then stored in that namespace, where `kubectl get events` shows it).
// The reference owns its strings: the pod's may be views of the request body, and the
// event outlives the request in the recorder's queue and caches.
func Target(namespace string, pod *corev1.Pod) *corev1.ObjectReference {
	if ref := metav1.GetControllerOfNoCopy(pod); ref != nil {
		return &corev1.ObjectReference{APIVersion: strings.Clone(ref.APIVersion), Kind: strings.Clone(ref.Kind),
			Name: strings.Clone(ref.Name), UID: types.UID(strings.Clone(string(ref.UID))), Namespace: namespace}
	}
	return &corev1.ObjectReference{APIVersion: "v1", Kind: "Namespace", Name: namespace, Namespace: namespace}
}

func podName(pod *corev1.Pod) string {
	if pod.Name != "" {
		return pod.Name
	}
	return fmt.Sprintf("%s* (not named yet)", pod.GenerateName)
}
