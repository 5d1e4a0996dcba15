package analyze

import (
	"fmt"

	"k8s.io/apimachinery/pkg/util/version"
)

// MinKubernetes is the oldest Kubernetes the chart installs on (Chart.yaml kubeVersion:
// matchConditions GA, the native preStop sleep on by default).
const MinKubernetes = "1.30.0"

// Codes of precheck findings.
const (
	CodeKubernetesTooOld    Code = "kubernetes-too-old"
	CodeAPIMissing          Code = "api-missing"
	CodeCertManagerMissing  Code = "cert-manager-missing"
	CodeCAInjectorMissing   Code = "cainjector-missing"
	CodePermissionMissing   Code = "permission-missing"
	CodeMonitoringAPIAbsent Code = "monitoring-api-absent"
)

// Cluster is what precheck reads of a cluster before an install.
type Cluster struct {
	// Version is the API server's git version (v1.37.2).
	Version string
	// APIs holds "group/version/resource" of every served resource the chart may use.
	APIs map[string]bool
	// CAInjectors counts ready cert-manager cainjector Deployments.
	CAInjectors int
	// Denied lists the "verb group/resource" the installing user may not do.
	Denied []string
}

// Precheck says whether the chart can be installed on c: the Kubernetes version, the
// APIs it creates objects of, cert-manager and its cainjector (certManager: the chart's
// default mode), and the installer's permissions.
func Precheck(c Cluster, certManager bool) []Finding {
	var out []Finding
	if v, err := version.ParseGeneric(c.Version); err != nil || v.LessThan(version.MustParseGeneric(MinKubernetes)) {
		out = append(out, Finding{SeverityError, CodeKubernetesTooOld, "Cluster",
			fmt.Sprintf("Kubernetes %s: the chart needs %s or newer (webhook matchConditions, the preStop sleep action)", c.Version, MinKubernetes)})
	}
	for _, api := range []string{"admissionregistration.k8s.io/v1/mutatingwebhookconfigurations", "admissionregistration.k8s.io/v1/validatingwebhookconfigurations",
		"policy/v1/poddisruptionbudgets", "networking.k8s.io/v1/networkpolicies"} {
		if !c.APIs[api] {
			out = append(out, Finding{SeverityError, CodeAPIMissing, "Cluster", api + " is not served"})
		}
	}
	if certManager {
		out = append(out, certManagerFindings(c)...)
	}
	if !c.APIs["monitoring.coreos.com/v1/servicemonitors"] {
		out = append(out, Finding{SeverityWarning, CodeMonitoringAPIAbsent, "Cluster",
			"the Prometheus operator's API is not served: keep serviceMonitor.enabled and prometheusRule.enabled false (the default)"})
	}
	for _, d := range c.Denied {
		out = append(out, Finding{SeverityError, CodePermissionMissing, "Cluster", "the installing user may not " + d})
	}
	return out
}

func certManagerFindings(c Cluster) []Finding {
	if !c.APIs["cert-manager.io/v1/certificates"] || !c.APIs["cert-manager.io/v1/issuers"] {
		return []Finding{{SeverityError, CodeCertManagerMissing, "Cluster",
			"cert-manager.io/v1 Certificates and Issuers are not served: install cert-manager, or install with --set certManager.enabled=false (self-managed certificates)"}}
	}
	if c.CAInjectors == 0 {
		return []Finding{{SeverityError, CodeCAInjectorMissing, "Cluster",
			"no ready cert-manager cainjector: the webhook configurations' caBundle would stay empty and every pod create in opted-in namespaces fail TLS"}}
	}
	return nil
}
