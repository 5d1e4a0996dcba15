package certs

import (
	"strings"
	"testing"
	"time"
)

func TestOptionsValidate(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(*Options)
		wantErr string // substring; "" means valid
	}{
		{name: "defaults are valid", mutate: func(*Options) {}},
		{name: "namespace required", mutate: func(o *Options) { o.Namespace = "" }, wantErr: "Namespace is required"},
		{name: "client required", mutate: func(o *Options) { o.Client = nil }, wantErr: "Client is required"},
		{name: "renewal longer than validity", mutate: func(o *Options) { o.RenewBefore = o.Validity }, wantErr: "RenewBefore"},
		{name: "serving outlives CA", mutate: func(o *Options) { o.Validity = 2 * o.CAValidity; o.RenewBefore = time.Hour }, wantErr: "must not exceed CAValidity"},
		{name: "CA rotation too late for a propagating renewal",
			mutate:  func(o *Options) { o.CARenewBefore = o.RenewBefore },
			wantErr: "RenewBefore + PropagationDelay"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Options{Client: newFakeAPI(t), Namespace: testNamespace, SecretName: testSecret, ServiceName: testService}
			o.Default()
			tt.mutate(&o)
			err := o.Validate()
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("error = %v, want it to mention %q", err, tt.wantErr)
			}
		})
	}
}
