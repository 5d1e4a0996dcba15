package chartrender_test

import (
	"fmt"
	"slices"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"

	"github.com/podpatterns/podpatterns/test/chartrender"
)

// TestNetworkPolicyRestrictsWebhookToAPIServer: with networkPolicy.apiServerCIDRs the
// webhook port admits only those CIDRs (plus webhookFrom) and apiserver egress goes only
// there; without, the webhook port is open (the apiserver is not a pod in most
// clusters), health stays open to the kubelet.
func TestNetworkPolicyRestrictsWebhookToAPIServer(t *testing.T) {
	tests := []struct {
		name           string
		np             map[string]any
		wantWebhookIPs []string // nil: open to all
		wantEgressIPs  []string
	}{
		{"on and open by default", map[string]any{}, nil, nil},
		{"every address but the pods'", map[string]any{"podCIDRs": []any{"10.244.0.0/16", "fd10::/48"}},
			[]string{"0.0.0.0/0 except [10.244.0.0/16]", "::/0 except [fd10::/48]"}, nil},
		{"restricted to the apiserver", map[string]any{"enabled": true, "apiServerCIDRs": []any{"10.0.0.0/24", "fd00::/64"}},
			[]string{"10.0.0.0/24", "fd00::/64"}, []string{"10.0.0.0/24", "fd00::/64"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := render(t, chartrender.Options{Values: map[string]any{"networkPolicy": tt.np}})
			var np networkingv1.NetworkPolicy
			decode(t, m, "NetworkPolicy", "podpatterns", &np)
			if got := ingressCIDRs(t, np, "webhook"); !slices.Equal(got, tt.wantWebhookIPs) {
				t.Errorf("webhook port peers %v, want %v", got, tt.wantWebhookIPs)
			}
			if got := ingressCIDRs(t, np, "health"); got != nil {
				t.Errorf("health port must stay open to the kubelet, peers %v", got)
			}
			var egress []string
			for _, rule := range np.Spec.Egress {
				if len(rule.Ports) > 0 && rule.Ports[0].Port.IntValue() == 443 {
					for _, peer := range rule.To {
						egress = append(egress, peer.IPBlock.CIDR)
					}
				}
			}
			if !slices.Equal(egress, tt.wantEgressIPs) {
				t.Errorf("apiserver egress to %v, want %v", egress, tt.wantEgressIPs)
			}
		})
	}
}

// ingressCIDRs returns the ipBlock peers of the ingress rule for the named port (nil when
// the rule has no peers: open to all); the rule must exist.
func ingressCIDRs(t *testing.T, np networkingv1.NetworkPolicy, port string) []string {
	t.Helper()
	for _, rule := range np.Spec.Ingress {
		if len(rule.Ports) == 1 && rule.Ports[0].Port.String() == port {
			var out []string
			for _, peer := range rule.From {
				if peer.IPBlock == nil {
					t.Fatalf("port %s: a peer that is not an ipBlock: %+v", port, peer)
				}
				cidr := peer.IPBlock.CIDR
				if len(peer.IPBlock.Except) > 0 {
					cidr += fmt.Sprintf(" except %v", peer.IPBlock.Except)
				}
				out = append(out, cidr)
			}
			return out
		}
	}
	t.Fatalf("no ingress rule for port %s", port)
	return nil
}

// TestNetworkPolicyCanBeTurnedOff: the documented way to open everything renders no
// NetworkPolicy at all.
func TestNetworkPolicyCanBeTurnedOff(t *testing.T) {
	m := render(t, chartrender.Options{Values: map[string]any{"networkPolicy": map[string]any{"enabled": false}}})
	if objs := m.OfKind("NetworkPolicy"); len(objs) != 0 {
		t.Errorf("networkPolicy.enabled=false renders %d NetworkPolicies", len(objs))
	}
}
