package cluster

import (
	"fmt"
	"os"
	"path/filepath"
)

// The pod network: one Linux bridge, addresses from host-local, a default route through
// the bridge (the host: the apiserver at KubernetesServiceIP), no masquerading (pods talk
// to each other and to the host only, so the CNI adds no iptables rules).
const (
	CNIBinDir  = "/usr/lib/cni"
	CNIBridge  = "pp-cni0"
	PodSubnet  = "10.213.0.0/24"
	cniNetwork = "podpatterns"
)

// writeCNIConfig writes the network config list into dir/net.d and returns that dir;
// host-local keeps its leases in dir/ipam.
func writeCNIConfig(dir string) (string, error) {
	confDir := filepath.Join(dir, "net.d")
	if err := os.MkdirAll(confDir, 0o755); err != nil {
		return "", err
	}
	conf := fmt.Sprintf(`{
  "cniVersion": "1.0.0",
  "name": %q,
  "plugins": [{
    "type": "bridge",
    "bridge": %q,
    "isGateway": true,
    "ipMasq": false,
    "hairpinMode": true,
    "ipam": {
      "type": "host-local",
      "ranges": [[{"subnet": %q}]],
      "routes": [{"dst": "0.0.0.0/0"}],
      "dataDir": %q
    }
  }]
}
`, cniNetwork, CNIBridge, PodSubnet, filepath.Join(dir, "ipam"))
	return confDir, os.WriteFile(filepath.Join(confDir, "10-podpatterns.conflist"), []byte(conf), 0o644)
}
