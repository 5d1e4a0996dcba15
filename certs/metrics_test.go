package certs

import (
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

type fixedExpiry time.Time

func (f fixedExpiry) NotAfter() time.Time { return time.Time(f) }

func TestExpiryCollector(t *testing.T) {
	tests := []struct {
		name     string
		notAfter time.Time
		want     string
	}{
		{name: "not loaded exports nothing", want: ""},
		{name: "loaded exports the unix time", notAfter: time.Unix(1_900_000_000, 0), want: `
# HELP podpatterns_serving_certificate_expiry_timestamp_seconds Expiry (NotAfter) of the served TLS certificate, in seconds since the Unix epoch.
# TYPE podpatterns_serving_certificate_expiry_timestamp_seconds gauge
podpatterns_serving_certificate_expiry_timestamp_seconds 1.9e+09
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewExpiryCollector(fixedExpiry(tt.notAfter))
			if err := testutil.CollectAndCompare(c, strings.NewReader(tt.want), MetricServingCertificateExpiry); err != nil {
				t.Error(err)
			}
		})
	}
}
