package nodestack

import "strconv"

// The node config's template names, and the ports the agnhost helpers serve on.
const (
	SidecarTemplate    = "helper"
	AdapterTemplate    = "exporter"
	AmbassadorTemplate = "proxy"
	ConfigTemplate     = "app"
	AdapterPort        = 9113
	AmbassadorPort     = 6379
	SidecarPort        = 8081
	// RenderedMountPath is where the rendered files appear in the app containers.
	RenderedMountPath = "/etc/app"
	// PodInfoMountPath is where the Downward API volume appears in the app containers.
	PodInfoMountPath = "/etc/podinfo"
	// ConfigImageCopy and ConfigImageVolume deliver DataImage in either mode, at
	// ConfigImageMountPath.
	ConfigImageCopy      = "data-copy"
	ConfigImageVolume    = "data-volume"
	ConfigImageMountPath = "/etc/data"
	// GatedSidecarTemplate is a native helper whose startupProbe first runs
	// GatedStartupDelay after it started: the app may start only once it succeeded.
	GatedSidecarTemplate = "gated-helper"
	GatedSidecarPort     = 8082
	GatedStartupDelay    = 15
	// StalledAdapterTemplate is an adapter whose process runs but never serves its
	// declared port (agnhost pause): a helper that is broken, not the app.
	StalledAdapterTemplate = "stalled-adapter"
	StalledAdapterPort     = 9114
	// ClassicProxyTemplate is an ambassador injected as a classic container (native:
	// false), serving on ClassicProxyPort.
	ClassicProxyTemplate = "classic-proxy"
	ClassicProxyPort     = 6380
	// NativeProxyTemplate is an ambassador injected as a native sidecar with a preStop
	// of its own (NativeProxyPreStop seconds), serving on NativeProxyPort.
	NativeProxyTemplate = "native-proxy"
	NativeProxyPort     = 6381
	NativeProxyPreStop  = 3
	// FlushingShipperTemplate is a native log shipper that needs ShipperFlush seconds
	// after SIGTERM to write its last line (agnhost netexec --delay-shutdown on
	// ShipperPort, which then exits 0; SIGKILL gives 137); its template budgets 6 s.
	FlushingShipperTemplate = "flushing-shipper"
	ShipperFlush            = 4
	ShipperPort             = 8084
	// ProbedProfile defaults readiness probes (probes.defaultReadiness).
	ProbedProfile = "probed"
	// PriorityClassName is the class the "prioritised" profile defaults.
	PriorityClassName = "podpatterns-e2e-standard"
)

// NodeConfig is the server config (chart value `config`) of the node suite: every
// pattern with agnhost as helper image, so every injected container really runs here.
func NodeConfig() map[string]any {
	small := map[string]any{
		"requests": map[string]any{"cpu": "10m", "memory": "16Mi"},
		"limits":   map[string]any{"cpu": "200m", "memory": "64Mi"},
	}
	helper := func(name string, port int) map[string]any {
		return map[string]any{
			"name": name, "image": AgnhostImage, "imagePullPolicy": "Never",
			"args":      []any{"netexec", "--http-port=" + itoa(port), "--udp-port=" + itoa(port)},
			"ports":     []any{map[string]any{"name": name, "containerPort": port, "protocol": "TCP"}},
			"resources": small,
			// restricted Pod Security on its own: agnhost runs as root unless told, and
			// netexec needs no root (its ports are above 1024).
			"securityContext": restrictedHelper,
		}
	}
	return map[string]any{
		"sidecars": map[string]any{
			SidecarTemplate:        map[string]any{"kind": "sidecar", "container": helper(SidecarTemplate, SidecarPort)},
			GatedSidecarTemplate:   map[string]any{"kind": "sidecar", "container": gated(helper(GatedSidecarTemplate, GatedSidecarPort))},
			AdapterTemplate:        map[string]any{"kind": "adapter", "container": helper(AdapterTemplate, AdapterPort)},
			StalledAdapterTemplate: map[string]any{"kind": "adapter", "container": stalled(helper(StalledAdapterTemplate, StalledAdapterPort))},
			FlushingShipperTemplate: map[string]any{"kind": "sidecar", "shutdownSeconds": 6, "container": map[string]any{
				"name": FlushingShipperTemplate, "image": AgnhostImage, "imagePullPolicy": "Never",
				"args":      []any{"netexec", "--http-port=" + itoa(ShipperPort), "--udp-port=" + itoa(ShipperPort), "--delay-shutdown=" + itoa(ShipperFlush)},
				"resources": small,
			}},
			ClassicProxyTemplate: map[string]any{"kind": "ambassador", "native": false, "container": helper(ClassicProxyTemplate, ClassicProxyPort)},
			NativeProxyTemplate:  map[string]any{"kind": "ambassador", "container": withPreStop(helper(NativeProxyTemplate, NativeProxyPort), NativeProxyPreStop)},
			AmbassadorTemplate: map[string]any{"kind": "ambassador", "container": helper(AmbassadorTemplate, AmbassadorPort),
				"appEnv": []any{
					map[string]any{"name": "PROXY_HOST", "value": "localhost"},
					map[string]any{"name": "PROXY_PORT", "value": itoa(AmbassadorPort)},
				}},
		},
		"configTemplates": map[string]any{
			ConfigTemplate: map[string]any{"templatesConfigMap": "app-templates", "paramsConfigMap": "app-params", "mountPath": RenderedMountPath},
		},
		"configImages": map[string]any{
			ConfigImageCopy:   map[string]any{"image": DataImage, "mountPath": ConfigImageMountPath, "pullPolicy": "Never", "mode": "copy"},
			ConfigImageVolume: map[string]any{"image": DataImage, "mountPath": ConfigImageMountPath, "pullPolicy": "Never", "mode": "imageVolume"},
		},
		"downwardAPI": map[string]any{"default": false, "volumeName": "podinfo", "mountPath": PodInfoMountPath, "env": true, "resources": true},
		"lifecycle": map[string]any{"preStop": map[string]any{
			"default": false, "sleepSeconds": 5, "maxSleepSeconds": 60, "shutdownSeconds": 10, "mode": "sleep",
		}},
		"profiles": map[string]any{
			"guaranteed":  map[string]any{"mode": "enforce", "minQOSClass": "Guaranteed"},
			ProbedProfile: map[string]any{"mode": "enforce", "probes": map[string]any{"defaultReadiness": true}},
			"prioritised": map[string]any{"mode": "enforce", "minQOSClass": "Burstable",
				"priorityClasses": map[string]any{"default": PriorityClassName, "allowed": []any{PriorityClassName}}},
		},
	}
}

// gated gives a helper container a TCP readiness probe and a TCP startup probe that
// first runs GatedStartupDelay seconds after the container started.
func gated(c map[string]any) map[string]any {
	tcp := map[string]any{"port": GatedSidecarPort}
	c["readinessProbe"] = map[string]any{"tcpSocket": tcp, "periodSeconds": 1}
	c["startupProbe"] = map[string]any{"tcpSocket": tcp, "initialDelaySeconds": GatedStartupDelay, "periodSeconds": 1, "failureThreshold": 30}
	return c
}

// stalled makes a helper container run agnhost pause: it keeps its declared port but
// never listens on it.
func stalled(c map[string]any) map[string]any {
	c["args"] = []any{"pause"}
	return c
}

func itoa(i int) string { return strconv.Itoa(i) }

// restrictedHelper is the helpers' securityContext: it meets Pod Security "restricted"
// whatever the pod sets, as the shipped templates do.
var restrictedHelper = map[string]any{
	"runAsNonRoot": true, "runAsUser": 65534, "allowPrivilegeEscalation": false,
	"capabilities":   map[string]any{"drop": []any{"ALL"}},
	"seccompProfile": map[string]any{"type": "RuntimeDefault"},
}

// withPreStop gives a helper container its own preStop sleep of seconds.
func withPreStop(c map[string]any, seconds int) map[string]any {
	c["lifecycle"] = map[string]any{"preStop": map[string]any{"sleep": map[string]any{"seconds": seconds}}}
	return c
}
