package cluster

import (
	"os"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
)

// AddUser returns a client config for a user with the given groups, authenticated the
// way envtest's admin is (a client certificate the apiserver trusts). RBAC then decides
// what it may do, as for any user.
func (c *Cluster) AddUser(name string, groups ...string) (*rest.Config, error) {
	if c.env == nil {
		return c.attachedUser(name)
	}
	u, err := c.env.ControlPlane.AddUser(envtest.User{Name: name, Groups: groups}, rest.CopyConfig(c.Config))
	if err != nil {
		return nil, err
	}
	return u.Config(), nil
}

// ServiceAccountUser is the user name the apiserver gives a ServiceAccount's token; a
// client certificate with this common name (and ServiceAccountGroups) is authorized by
// RBAC exactly as the ServiceAccount, which is how the e2e suite runs a server with the
// chart's RBAC and nothing more.
func ServiceAccountUser(namespace, name string) (user string, groups []string) {
	return "system:serviceaccount:" + namespace + ":" + name,
		[]string{"system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated"}
}

// WriteKubeconfig writes cfg (a client-certificate config, as AddUser returns) as a
// kubeconfig file for `podpatterns serve --kubeconfig`.
func WriteKubeconfig(path string, cfg *rest.Config) error {
	kc := clientcmdapi.NewConfig()
	kc.Clusters["envtest"] = &clientcmdapi.Cluster{Server: cfg.Host, CertificateAuthorityData: cfg.CAData}
	kc.AuthInfos["user"] = &clientcmdapi.AuthInfo{ClientCertificateData: cfg.CertData, ClientKeyData: cfg.KeyData}
	kc.Contexts["envtest"] = &clientcmdapi.Context{Cluster: "envtest", AuthInfo: "user"}
	kc.CurrentContext = "envtest"
	data, err := clientcmd.Write(*kc)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o600)
}
