package cluster

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
)

// AuditPolicy logs pod writes at Metadata level (the level at which admission webhooks'
// audit annotations are recorded) and nothing else, so the log stays small.
const AuditPolicy = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
- level: Metadata
  resources:
  - group: ""
    resources: [pods]
  verbs: [create, update, patch]
- level: None
`

// AuditEvent is the part of an audit.k8s.io/v1 Event the tests read.
type AuditEvent struct {
	AuditID        string            `json:"auditID"`
	Stage          string            `json:"stage"`
	Verb           string            `json:"verb"`
	RequestURI     string            `json:"requestURI"`
	ObjectRef      *AuditObjectRef   `json:"objectRef,omitempty"`
	ResponseStatus *AuditStatus      `json:"responseStatus,omitempty"`
	Annotations    map[string]string `json:"annotations,omitempty"`
}

// AuditObjectRef names the object of an audited request.
type AuditObjectRef struct {
	Resource  string `json:"resource"`
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
}

// AuditStatus is the audited response's status.
type AuditStatus struct {
	Code int32 `json:"code"`
}

// ReadAuditLog parses every event of a JSON audit log (one event per line).
func ReadAuditLog(path string) ([]AuditEvent, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var events []AuditEvent
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for line := 1; sc.Scan(); line++ {
		var e AuditEvent
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		events = append(events, e)
	}
	return events, sc.Err()
}
