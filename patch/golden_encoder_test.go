package patch_test

import (
	"testing"

	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/patch"
)

// TestGoldenPatchesBothEncoders: for every golden case of mutators/testdata, the patch
// from the input pod to the chain's output is the same byte for byte whether op values
// are written by jsonenc.AppendValue or by json.Marshal.
func TestGoldenPatchesBothEncoders(t *testing.T) {
	cases, err := mutatorstest.LoadCases("../mutators/testdata")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 20 {
		t.Fatalf("only %d golden cases found", len(cases))
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			p, err := c.Pipeline()
			if err != nil {
				t.Fatal(err)
			}
			in := c.Pod()
			m, err := p.MutatePod(in, c.Namespace)
			if err != nil {
				t.Fatal(err)
			}
			patch.SamePatchBothEncoders(t, in, m.Pod)
		})
	}
}
