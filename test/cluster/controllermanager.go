package cluster

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"sigs.k8s.io/controller-runtime/pkg/envtest"
)

// Controllers are the kube-controller-manager controllers we run: the workload
// controllers that create pods (so pods reach our webhook the way they do in a real
// cluster: from a controller, with generateName and ownerReferences), the service
// account controller (default service accounts, as in a real cluster) and the garbage
// collector (deleting a Deployment deletes its pods). Node, volume and cloud controllers
// make no sense without nodes.
var Controllers = []string{
	"deployment-controller",
	"replicaset-controller",
	"statefulset-controller",
	"job-controller",
	"cronjob-controller",
	"serviceaccount-controller",
	"garbage-collector-controller",
}

// controllerManagerUser is the identity kube-controller-manager runs as. It is in
// system:masters because without --use-service-account-credentials every controller
// acts with the manager's own credentials.
const controllerManagerUser = "system:kube-controller-manager"

// startControllerManager runs kube-controller-manager against env's apiserver with a
// kubeconfig of its own, no serving port and no leader election.
func startControllerManager(env *envtest.Environment, opts Options) (*process, error) {
	user, err := env.ControlPlane.AddUser(envtest.User{Name: controllerManagerUser, Groups: []string{"system:masters"}}, nil)
	if err != nil {
		return nil, err
	}
	kubeconfig, err := user.KubeConfig()
	if err != nil {
		return nil, err
	}
	path := filepath.Join(opts.Dir, "kube-controller-manager.kubeconfig")
	if err := os.WriteFile(path, kubeconfig, 0o600); err != nil {
		return nil, err
	}
	out, err := openLog(opts.Logs, filepath.Join(opts.Dir, "kube-controller-manager.log"))
	if err != nil {
		return nil, err
	}
	args := []string{
		"--kubeconfig=" + path,
		"--controllers=" + strings.Join(append(slices.Clone(Controllers), opts.ExtraControllers...), ","),
		"--leader-elect=false",
		"--secure-port=0",
		"--concurrent-deployment-syncs=10",
		"--concurrent-replicaset-syncs=10",
		"--concurrent-job-syncs=10",
	}
	p, err := startProcess(BinaryControllerManager, filepath.Join(opts.BinaryDir, BinaryControllerManager), args, out)
	if err != nil {
		return nil, fmt.Errorf("kube-controller-manager (is it in %s? build-envtest.sh builds it unless WITH_KCM=0): %w", opts.BinaryDir, err)
	}
	return p, nil
}
