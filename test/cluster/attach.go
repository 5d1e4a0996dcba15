package cluster

import (
	"fmt"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// The users a node's components authenticate as (each in system:masters).
const (
	KubeletUser   = "system:node:" + NodeName
	SchedulerUser = "system:kube-scheduler"
)

// Attach is a Cluster for a process that did not start the control plane and does not
// own it (Stop leaves it running): the node suite's crash test starts a node from a
// child process it then SIGKILLs. kubeconfigPath is an admin kubeconfig; users maps each
// user AddUser will be asked for to a kubeconfig the owner wrote (without the CA key an
// attached Cluster cannot mint client certificates).
func Attach(kubeconfigPath string, users map[string]string) (*Cluster, error) {
	cfg, err := loadKubeconfig(kubeconfigPath)
	if err != nil {
		return nil, err
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	return &Cluster{Config: cfg, Client: client, KubeconfigPath: kubeconfigPath, attachedUsers: users}, nil
}

// attachedUser is AddUser for an attached Cluster.
func (c *Cluster) attachedUser(name string) (*rest.Config, error) {
	path, ok := c.attachedUsers[name]
	if !ok {
		return nil, fmt.Errorf("attached cluster: no kubeconfig was handed over for user %q", name)
	}
	return loadKubeconfig(path)
}

func loadKubeconfig(path string) (*rest.Config, error) {
	cfg, err := clientcmd.BuildConfigFromFlags("", path)
	if err != nil {
		return nil, fmt.Errorf("kubeconfig %s: %w", path, err)
	}
	return cfg, nil
}
