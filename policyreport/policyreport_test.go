package policyreport

import (
	"encoding/json"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podpatterns/podpatterns/validators"
)

func TestReportShape(t *testing.T) {
	r := New()
	web := corev1.ObjectReference{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "shop", Name: "web"}
	r.AddValidation(web, validators.Result{Profile: "standard", Mode: validators.ModeEnforce}, "")
	r.AddValidation(web, validators.Result{Profile: "standard", Mode: validators.ModeWarn, Violations: []validators.Violation{
		{Rule: "requests-required", Error: field.Required(field.NewPath("spec", "containers").Index(0).Child("resources", "requests", "cpu"), "")},
	}}, "podpatterns: 1 violation")
	r.AddDenial(web, "standard", "podpatterns denied the pod: bad annotation")
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if got["apiVersion"] != "wgpolicyk8s.io/v1alpha2" || got["kind"] != "PolicyReport" {
		t.Errorf("type %v %v", got["apiVersion"], got["kind"])
	}
	if s := r.Summary; s.Pass != 1 || s.Warn != 1 || s.Fail != 1 {
		t.Errorf("summary %+v", s)
	}
	warn := r.Results[1]
	if warn.Rule != "requests-required" || warn.Properties["mode"] != "warn" ||
		warn.Properties["violation.0"] != "requests-required: spec.containers[0].resources.requests.cpu: Required value" {
		t.Errorf("warn result %+v", warn)
	}
	if res := got["results"].([]any)[0].(map[string]any); res["result"] != "pass" || res["source"] != "podpatterns" ||
		res["resources"].([]any)[0].(map[string]any)["kind"] != "Deployment" {
		t.Errorf("pass result %v", res)
	}
}
