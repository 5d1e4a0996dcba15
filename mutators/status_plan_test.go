package mutators

import (
	"encoding/json"
	"testing"
)

// FuzzStatusPlan: a status with a termination plan is written as json.Marshal writes it,
// by the merging path (appendStatus) and the first pass's (withPlan after
// appendFreshStatus), and reads back to the same plan. Each 3 bytes of data are one stop:
// a container name from a small set (with characters JSON escapes), its preStop and the
// stop's length; odd preStops are assumed.
func FuzzStatusPlan(f *testing.F) {
	f.Add("golden", []byte{0, 30, 30, 1, 20, 5}, int64(65))
	f.Add("", []byte{}, int64(0))
	f.Add("<&>", []byte{2, 255, 0, 3, 1, 1}, int64(-1))
	f.Fuzz(func(t *testing.T, revision string, data []byte, grace int64) {
		names := []string{"app", "proxy", "<a&b>\u2028", ""}
		plan := &TerminationPlan{GraceSeconds: grace, Stops: []PlanStop{}}
		for i := 0; i+2 < len(data); i += 3 {
			pre := int64(data[i+1])
			plan.Stops = append(plan.Stops, PlanStop{Container: names[int(data[i])%len(names)], PreStop: pre,
				Term: pre, Exit: pre + int64(data[i+2]), Assumed: pre%2 == 1})
		}
		if len(data) == 0 {
			plan.Stops = nil
		}
		s := Status{Revision: revision, Injected: map[Pattern][]string{PatternPreStop: {BuiltinTemplate}}, Plan: plan}
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendStatus(nil, s); string(got) != string(want) {
			t.Fatalf("appendStatus:\n got %s\nwant %s", got, want)
		}
		fresh := withPlan(appendFreshStatus(nil, revision, []Injection{{PatternPreStop, BuiltinTemplate}}, nil), plan)
		if string(fresh) != string(want) {
			t.Fatalf("fresh status:\n got %s\nwant %s", fresh, want)
		}
		back, ok := ParseStatus(string(want))
		if !ok || !samePlan(back.Plan, plan) {
			t.Fatalf("read back %+v, want %+v", back.Plan, plan)
		}
	})
}
