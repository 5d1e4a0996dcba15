package main

import (
	"github.com/spf13/pflag"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// kubeFlags are how a command finds the cluster, the kubectl way: --kubeconfig (else
// $KUBECONFIG, else ~/.kube/config) and --context (else the kubeconfig's current
// context). Inside a pod, with neither given, the in-cluster config.
type kubeFlags struct {
	kubeconfig, context string
}

// register adds --kubeconfig and --context; when is prefixed to their help ("with
// --from-cluster: ").
func (k *kubeFlags) register(fs *pflag.FlagSet, when string) {
	fs.StringVar(&k.kubeconfig, "kubeconfig", "", when+"kubeconfig (default: in-cluster, then $KUBECONFIG, then ~/.kube/config)")
	fs.StringVar(&k.context, "context", "", when+"the kubeconfig context to use (default: its current context)")
}

// restConfig is the in-cluster config when neither flag is given and the process runs in
// a pod, else the kubeconfig's (named) context.
func (k *kubeFlags) restConfig() (*rest.Config, error) {
	if k.kubeconfig == "" && k.context == "" {
		if cfg, err := rest.InClusterConfig(); err == nil {
			return cfg, nil
		}
	}
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = k.kubeconfig
	overrides := &clientcmd.ConfigOverrides{CurrentContext: k.context}
	return clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, overrides).ClientConfig()
}

// client is a clientset for restConfig.
func (k *kubeFlags) client() (kubernetes.Interface, error) {
	cfg, err := k.restConfig()
	if err != nil {
		return nil, err
	}
	return kubernetes.NewForConfig(cfg)
}
