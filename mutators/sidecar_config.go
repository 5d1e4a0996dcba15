package mutators

import (
	"fmt"
	"path"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podpatterns/podpatterns/podresources"
)

// TemplateKind says which book pattern a container template implements; it decides which
// annotation may select it and how it is wired to the app containers.
type TemplateKind string

// The container template kinds.
const (
	// KindSidecar (chapter 15): a helper container next to the app.
	KindSidecar TemplateKind = "sidecar"
	// KindAdapter (chapter 16): exposes the app's output in a standard form, sharing a
	// volume and/or port with the app.
	KindAdapter TemplateKind = "adapter"
	// KindAmbassador (chapter 17): a local proxy; the app reaches it through env on localhost.
	KindAmbassador TemplateKind = "ambassador"
)

// Position says where a classic (non-native) container goes among the pod's containers.
type Position string

// Container positions.
const (
	PositionFirst Position = "first"
	PositionLast  Position = "last"
)

// Placement says where a native helper starts among the pod's init containers.
type Placement string

// Placements of native templates.
const (
	// PlacementAfterInit (default): after the user's init containers, which may prepare
	// what the helper needs (and the config-template renderer, which runs before it).
	PlacementAfterInit Placement = "after-init"
	// PlacementBeforeInit: first, before the user's init containers, so they can use the
	// helper (a database proxy for a migration) and get its appEnv when they opt in with
	// podpatterns.io/init-env: the order Istio uses for its proxy.
	PlacementBeforeInit Placement = "before-init"
)

// SidecarTemplate is one admin-defined container template. Users select it by name
// through an annotation; they can never supply any of these fields themselves.
type SidecarTemplate struct {
	// Kind is sidecar, adapter or ambassador (default sidecar).
	Kind TemplateKind `json:"kind,omitempty"`
	// Native injects the container as a native sidecar (an init container with
	// restartPolicy Always), so Jobs complete and it starts before and stops after the
	// app. Default true; false injects a classic container.
	Native *bool `json:"native,omitempty"`
	// Position is first or last among the app containers for classic containers (default last).
	Position Position `json:"position,omitempty"`
	// Placement is after-init (default) or before-init among the init containers, for
	// native templates.
	Placement Placement `json:"placement,omitempty"`
	// Container is the full container spec. Its name defaults to the template's name.
	Container corev1.Container `json:"container"`
	// Volumes are added to the pod (e.g. the emptyDir an adapter shares with the app).
	Volumes []corev1.Volume `json:"volumes,omitempty"`
	// AppVolumeMounts are added to every app container (e.g. the shared log directory).
	AppVolumeMounts []corev1.VolumeMount `json:"appVolumeMounts,omitempty"`
	// AppEnv is added to every app container (e.g. an ambassador's localhost address).
	// A variable the container already defines is left alone.
	AppEnv []corev1.EnvVar `json:"appEnv,omitempty"`
	// OS lists the operating systems the container runs on: linux, windows (unset:
	// linux only). A pod declared for another OS (spec.os.name, or its kubernetes.io/os
	// node selector) does not get the template (SkipOSMismatch).
	OS []corev1.OSName `json:"os,omitempty"`
	// ImagePullSecrets are added to the pod's (those it lacks): the Secrets, in the pod's
	// namespace, that pull the template's image from a private registry.
	ImagePullSecrets []corev1.LocalObjectReference `json:"imagePullSecrets,omitempty"`
	// ShutdownSeconds is how long the helper needs after SIGTERM (flush its buffers,
	// close its connections): its part of the pod's termination plan. Unset means
	// DefaultHelperShutdownSeconds (left unset by Default, so the template's hash does not
	// change for configs that do not write it).
	ShutdownSeconds *int64 `json:"shutdownSeconds,omitempty"`
}

// DefaultHelperShutdownSeconds is a helper's time after SIGTERM when its template does
// not say: log shippers and proxies flush and close in a few seconds (Fluent Bit's own
// default grace is 5 s).
const DefaultHelperShutdownSeconds = 5

// StopSeconds is the helper's time after SIGTERM (ShutdownSeconds or its default).
func (t *SidecarTemplate) StopSeconds() int64 {
	if t.ShutdownSeconds == nil {
		return DefaultHelperShutdownSeconds
	}
	return *t.ShutdownSeconds
}

// Default fills in the kind, native mode, position and container name.
func (t *SidecarTemplate) Default(name string) {
	if t.Kind == "" {
		t.Kind = KindSidecar
	}
	if t.Native == nil {
		native := true
		t.Native = &native
	}
	if t.Position == "" {
		t.Position = PositionLast
	}
	if t.Placement == "" {
		t.Placement = PlacementAfterInit
	}
	if t.Container.Name == "" {
		t.Container.Name = name
	}
}

// IsNative reports whether the template injects a native sidecar.
func (t *SidecarTemplate) IsNative() bool { return t.Native == nil || *t.Native }

// Validate checks a defaulted template.
func (t *SidecarTemplate) Validate(p *field.Path) field.ErrorList {
	var errs field.ErrorList
	switch t.Kind {
	case KindSidecar, KindAdapter, KindAmbassador:
	default:
		errs = append(errs, field.NotSupported(p.Child("kind"), t.Kind, []TemplateKind{KindSidecar, KindAdapter, KindAmbassador}))
	}
	switch t.Position {
	case PositionFirst, PositionLast:
	default:
		errs = append(errs, field.NotSupported(p.Child("position"), t.Position, []Position{PositionFirst, PositionLast}))
	}
	switch {
	case t.Placement != PlacementAfterInit && t.Placement != PlacementBeforeInit:
		errs = append(errs, field.NotSupported(p.Child("placement"), t.Placement, []Placement{PlacementAfterInit, PlacementBeforeInit}))
	case t.Placement == PlacementBeforeInit && !t.IsNative():
		errs = append(errs, field.Invalid(p.Child("placement"), t.Placement, "only native templates run among the init containers"))
	}
	cp := p.Child("container")
	for _, msg := range validation.IsDNS1123Label(t.Container.Name) {
		errs = append(errs, field.Invalid(cp.Child("name"), t.Container.Name, msg))
	}
	if t.Container.Image == "" {
		errs = append(errs, field.Required(cp.Child("image"), "every template names its image"))
	}
	if s := t.ShutdownSeconds; s != nil && (*s < 0 || *s > MaxPreStopSleepSeconds) {
		errs = append(errs, field.Invalid(p.Child("shutdownSeconds"), *s, fmt.Sprintf("must be from 0 to %d", MaxPreStopSleepSeconds)))
	}
	if t.Container.RestartPolicy != nil {
		errs = append(errs, field.Forbidden(cp.Child("restartPolicy"), "set by podpatterns from `native`"))
	}
	rp := cp.Child("resources")
	errs = append(errs, podresources.CheckList(t.Container.Resources.Requests, rp.Child("requests"))...)
	errs = append(errs, podresources.CheckList(t.Container.Resources.Limits, rp.Child("limits"))...)
	errs = append(errs, validateVolumes(p.Child("volumes"), t.Volumes)...)
	errs = append(errs, t.validateOS(p)...)
	errs = append(errs, t.validateMounts(p, cp)...)
	for i, e := range t.AppEnv {
		for _, msg := range validation.IsEnvVarName(e.Name) {
			errs = append(errs, field.Invalid(p.Child("appEnv").Index(i).Child("name"), e.Name, msg))
		}
	}
	return errs
}

// validateMounts checks that the container's mounts and the app mounts name volumes of
// the template itself (a pod never has to provide one, so an injection never leaves a
// dangling mount) at absolute, unique paths.
func (t *SidecarTemplate) validateMounts(p, cp *field.Path) field.ErrorList {
	var errs field.ErrorList
	own := map[string]bool{}
	for _, v := range t.Volumes {
		own[v.Name] = true
	}
	check := func(mp *field.Path, mounts []corev1.VolumeMount) {
		paths := map[string]bool{}
		for i, m := range mounts {
			ip := mp.Index(i)
			switch {
			case m.Name == "":
				errs = append(errs, field.Required(ip.Child("name"), ""))
			case !own[m.Name]:
				errs = append(errs, field.NotFound(ip.Child("name"), m.Name))
			}
			switch {
			case !path.IsAbs(m.MountPath):
				errs = append(errs, field.Invalid(ip.Child("mountPath"), m.MountPath, "must be an absolute path"))
			case paths[path.Clean(m.MountPath)]:
				errs = append(errs, field.Duplicate(ip.Child("mountPath"), m.MountPath))
			}
			paths[path.Clean(m.MountPath)] = true
		}
	}
	check(cp.Child("volumeMounts"), t.Container.VolumeMounts)
	check(p.Child("appVolumeMounts"), t.AppVolumeMounts)
	return errs
}

// validateTemplateSet checks what no single template can: container names are unique
// across templates (the name is how an injection is recognised in a pod), and templates
// that declare the same volume name declare the same volume (so two templates can share
// one, e.g. a log directory, but never fight over it).
func validateTemplateSet(p *field.Path, templates map[string]SidecarTemplate) field.ErrorList {
	var errs field.ErrorList
	containers := map[string]string{}
	volumes := map[string]corev1.Volume{}
	for _, name := range sortedKeys(templates) {
		t := templates[name]
		tp := p.Key(name)
		if other, dup := containers[t.Container.Name]; dup {
			errs = append(errs, field.Duplicate(tp.Child("container", "name"), fmt.Sprintf("%s (also template %s)", t.Container.Name, other)))
		}
		containers[t.Container.Name] = name
		for i, v := range t.Volumes {
			if seen, ok := volumes[v.Name]; ok && !sameVolumeSource(seen.VolumeSource, v.VolumeSource) {
				errs = append(errs, field.Invalid(tp.Child("volumes").Index(i), v.Name, "another template declares a volume of this name with other content"))
			}
			volumes[v.Name] = v
		}
	}
	return errs
}

// validateVolumes checks names are unique DNS labels.
func validateVolumes(p *field.Path, vols []corev1.Volume) field.ErrorList {
	var errs field.ErrorList
	seen := map[string]bool{}
	for i, v := range vols {
		for _, msg := range validation.IsDNS1123Label(v.Name) {
			errs = append(errs, field.Invalid(p.Index(i).Child("name"), v.Name, msg))
		}
		if seen[v.Name] {
			errs = append(errs, field.Duplicate(p.Index(i).Child("name"), v.Name))
		}
		seen[v.Name] = true
	}
	return errs
}
