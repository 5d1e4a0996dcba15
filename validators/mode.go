package validators

// Mode says what a violation does, modelled on Pod Security Admission's labels.
type Mode string

// The modes.
const (
	// ModeEnforce denies the pod, listing every violation.
	ModeEnforce Mode = "enforce"
	// ModeWarn admits the pod with an AdmissionResponse warning per violation (kubectl prints them).
	ModeWarn Mode = "warn"
	// ModeAudit admits the pod and records each violated rule as an audit annotation.
	ModeAudit Mode = "audit"
)

// Modes lists the valid modes, for messages.
var Modes = []Mode{ModeEnforce, ModeWarn, ModeAudit}

// Valid reports whether m is one of Modes.
func (m Mode) Valid() bool {
	return m == ModeEnforce || m == ModeWarn || m == ModeAudit
}
