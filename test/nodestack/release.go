package nodestack

import (
	"context"
	"fmt"
	"time"

	"helm.sh/helm/v3/pkg/action"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/release"
	"k8s.io/cli-runtime/pkg/genericclioptions"

	"github.com/podpatterns/podpatterns/test/chartrender"
	"github.com/podpatterns/podpatterns/test/cluster"
)

// The release: the chart installed by Helm's install action (what `helm install --wait`
// runs), in a namespace enforcing Pod Security "restricted".
const (
	ReleaseName      = chartrender.DefaultReleaseName
	ReleaseNamespace = chartrender.DefaultNamespace
	// ServiceName is the chart's fullname for release "podpatterns".
	ServiceName = "podpatterns"
)

// InstallRelease creates the release namespace with PSS restricted enforced and installs
// the chart: the local image, self-managed certificates, two replicas, the node config.
// nodeDir (the node's logs) is named in the error.
func InstallRelease(ctx context.Context, c *cluster.Cluster, nodeDir string) (*release.Release, error) {
	labels := map[string]string{"pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/enforce-version": "latest"}
	if err := cluster.EnsureNamespace(ctx, c.Client, ReleaseNamespace, labels, nil); err != nil {
		return nil, err
	}
	cfg, err := helmConfig(c)
	if err != nil {
		return nil, err
	}
	chart, err := loader.Load(chartrender.ChartDir())
	if err != nil {
		return nil, err
	}
	install := action.NewInstall(cfg)
	install.ReleaseName, install.Namespace = ReleaseName, ReleaseNamespace
	install.Wait, install.Timeout = true, 3*time.Minute
	rel, err := install.RunWithContext(ctx, chart, ReleaseValues())
	if err != nil {
		return nil, fmt.Errorf("%w (node logs in %s)", err, nodeDir)
	}
	return rel, nil
}

// ReleaseValues: the image built here (never pulled), certificates managed by the server
// itself (cert-manager's controller cannot be built here), and the node test config.
func ReleaseValues() map[string]any {
	return map[string]any{
		"image":        map[string]any{"repository": PodpatternsImageRepository, "tag": PodpatternsImageTag, "pullPolicy": "Never"},
		"certManager":  map[string]any{"enabled": false},
		"replicaCount": 2,
		"server":       map[string]any{"logLevel": "debug"},
		"config":       NodeConfig(),
	}
}

// helmConfig is Helm's action configuration for the release namespace of c.
func helmConfig(c *cluster.Cluster) (*action.Configuration, error) {
	flags := genericclioptions.NewConfigFlags(false)
	kubeconfig, ns := c.KubeconfigPath, ReleaseNamespace
	flags.KubeConfig, flags.Namespace = &kubeconfig, &ns
	cfg := new(action.Configuration)
	if err := cfg.Init(flags, ReleaseNamespace, "secret", func(format string, v ...any) {}); err != nil {
		return nil, err
	}
	return cfg, nil
}

// RunHelmTest is `helm test` of the release: the chart's test hooks (the webhook check
// Job) run and must succeed.
func RunHelmTest(ctx context.Context, c *cluster.Cluster) (*release.Release, error) {
	cfg, err := helmConfig(c)
	if err != nil {
		return nil, err
	}
	test := action.NewReleaseTesting(cfg)
	test.Namespace, test.Timeout = ReleaseNamespace, 3*time.Minute
	return test.Run(ReleaseName)
}
