package validators_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// classes is the fake informer cache of the priority class tables.
var classes = validators.NewStaticPriorityClasses(
	class("standard", 1000, nil),
	class("batch", 100, nil),
	class("gold", 500_000, map[string]string{"podpatterns.io/tier": "gold"}),
	class("platinum", 2_000_000, map[string]string{"podpatterns.io/tier": "gold"}),
	class("bronze", 10, map[string]string{"podpatterns.io/tier": "bronze"}),
)

func class(name string, value int32, labels map[string]string) *schedulingv1.PriorityClass {
	return &schedulingv1.PriorityClass{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels}, Value: value}
}

// brokenCache fails every lookup as a cache that cannot be read would.
type brokenCache struct{}

func (brokenCache) Get(string) (*schedulingv1.PriorityClass, error) {
	return nil, errors.New("cache not synced")
}

const (
	byName     = `priorityClasses: {allowed: [standard, batch], maxValue: 1000000}`
	bySelector = `priorityClasses: {allowed: [standard], selector: {matchLabels: {podpatterns.io/tier: gold}}, maxValue: 1000000}`
	anyClass   = `priorityClasses: {maxValue: 1000}`
	withSystem = `priorityClasses: {allowed: [standard], allowSystem: true}`
)

func TestPriorityClassRules(t *testing.T) {
	tests := []struct {
		name, profile, namespace, class string
		lister                          mutators.PriorityClassGetter
		offline                         bool // no cluster view: Options.PriorityClasses is nil
		want                            []string
	}{
		{name: "allowed by name", profile: byName, class: "standard"},
		{name: "not in the list", profile: byName, class: "gold", want: []string{
			"spec.priorityClassName (priority-class-not-allowed): class gold is not allowed (allowed: standard, batch)"}},
		{name: "no class where the profile restricts them", profile: byName, class: "", want: []string{
			"spec.priorityClassName (priority-class-not-allowed): the pod names no priority class (allowed: standard, batch)"}},
		{name: "no class where any is allowed", profile: anyClass, class: ""},
		{name: "does not exist", profile: anyClass, class: "platnum", want: []string{
			`spec.priorityClassName (priority-class-not-found): Not found: "platnum"`}},
		{name: "allowed by selector", profile: bySelector, class: "gold"},
		{name: "allowed by name next to a selector", profile: bySelector, class: "standard"},
		{name: "selector does not match", profile: bySelector, class: "bronze", want: []string{
			"spec.priorityClassName (priority-class-not-allowed): class bronze is not allowed (allowed: standard or classes labelled podpatterns.io/tier=gold)"}},
		{name: "matched but above the cap", profile: bySelector, class: "platinum", want: []string{
			"spec.priorityClassName (priority-class-value): class platinum has value 2000000, above the maximum 1000000"}},
		{name: "any class, capped", profile: anyClass, class: "standard"},
		{name: "any class, above the cap", profile: anyClass, class: "gold", want: []string{
			"spec.priorityClassName (priority-class-value): class gold has value 500000, above the maximum 1000"}},
		{name: "system class outside kube-system", profile: anyClass, class: "system-node-critical", want: []string{
			"spec.priorityClassName (priority-class-system): system-node-critical is reserved for the cluster's own components in kube-system"}},
		{name: "system class in kube-system", profile: byName, namespace: "kube-system", class: "system-cluster-critical"},
		{name: "system class allowed by the profile, cap and list ignored", profile: withSystem, class: "system-cluster-critical"},
		{name: "cache failure", profile: anyClass, class: "standard", lister: brokenCache{}, want: []string{
			"spec.priorityClassName (priority-class-lookup): looking up PriorityClass standard: cache not synced"}},
		{name: "no cluster view: names still judged", profile: byName, class: "gold", offline: true, want: []string{
			"spec.priorityClassName (priority-class-not-allowed): class gold is not allowed (allowed: standard, batch)"}},
		{name: "no cluster view: existence, selector and cap not judged", profile: bySelector, class: "nonexistent", offline: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lister := tt.lister
			switch {
			case tt.offline:
				lister = nil
			case lister == nil:
				lister = classes
			}
			ns := tt.namespace
			if ns == "" {
				ns = "team-a"
			}
			pod := &corev1.Pod{Spec: corev1.PodSpec{PriorityClassName: tt.class, Containers: []corev1.Container{{Name: "app"}}}}
			chain := chainFor(profileYAML(t, tt.profile), validators.Options{PriorityClasses: lister})
			res := chain.Validate(requestIn(ns, "test", "", pod))
			if diff := cmp.Diff(tt.want, violationStrings(res), cmpEmpty); diff != "" {
				t.Errorf("violations (-want +got):\n%s", diff)
			}
		})
	}
}
