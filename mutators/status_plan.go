package mutators

import (
	"slices"
	"strconv"

	"github.com/podpatterns/podpatterns/jsonenc"
)

// withPlan adds `,"plan":{...}` as the last member of the status object st (which ends
// with its closing brace), as json.Marshal writes Status.Plan (the last field; omitted
// when nil): FuzzStatusPlan.
func withPlan(st []byte, p *TerminationPlan) []byte {
	if p == nil {
		return st
	}
	st = st[:len(st)-1]
	st = strconv.AppendInt(append(st, `,"plan":{"graceSeconds":`...), p.GraceSeconds, 10)
	st = append(st, `,"stops":`...)
	if p.Stops == nil {
		return append(st, "null}}"...)
	}
	st = append(st, '[')
	for i, s := range p.Stops {
		if i > 0 {
			st = append(st, ',')
		}
		st = jsonenc.AppendString(append(st, `{"container":`...), s.Container)
		st = strconv.AppendInt(append(st, `,"preStop":`...), s.PreStop, 10)
		st = strconv.AppendInt(append(st, `,"term":`...), s.Term, 10)
		st = strconv.AppendInt(append(st, `,"exit":`...), s.Exit, 10)
		if s.Assumed {
			st = append(st, `,"assumed":true`...)
		}
		st = append(st, '}')
	}
	return append(st, "]}}"...)
}

// samePlan reports whether a and b are the same plan (both nil included).
func samePlan(a, b *TerminationPlan) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.GraceSeconds == b.GraceSeconds && slices.Equal(a.Stops, b.Stops)
}
