package main

import (
	"encoding/json"
	"fmt"

	schedulingv1 "k8s.io/api/scheduling/v1"

	"github.com/podpatterns/podpatterns/validators"
)

// priorityClassesOf collects the PriorityClass objects among docs, so the offline tools
// check class existence, selectors and value caps as the server does with its informer.
// The system classes are always known.
func priorityClassesOf(docs []*document, live ...*schedulingv1.PriorityClass) (validators.StaticPriorityClasses, error) {
	classes := append([]*schedulingv1.PriorityClass{}, live...)
	for _, d := range docs {
		if d.kind() != "PriorityClass" {
			continue
		}
		raw, err := json.Marshal(d.obj)
		if err != nil {
			return nil, err
		}
		pc := &schedulingv1.PriorityClass{}
		if err := json.Unmarshal(raw, pc); err != nil {
			return nil, fmt.Errorf("%s: %w", d.name(), err)
		}
		classes = append(classes, pc)
	}
	return validators.NewStaticPriorityClasses(classes...), nil
}
