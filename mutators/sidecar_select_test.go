package mutators

import (
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestSelectedTemplates(t *testing.T) {
	tests := []struct {
		name      string
		pod       map[string]string
		namespace map[string]string
		want      []string
		denied    string // the field path of the denial, "" when allowed
	}{
		{name: "absent", want: nil},
		{name: "one", pod: map[string]string{AnnotationSidecars: "log-shipper"}, want: []string{"log-shipper"}},
		{name: "order kept", pod: map[string]string{AnnotationSidecars: "b,a,c"}, want: []string{"b", "a", "c"}},
		{name: "spaces around commas", pod: map[string]string{AnnotationSidecars: " a , b "}, want: []string{"a", "b"}},
		{name: "duplicates dropped", pod: map[string]string{AnnotationSidecars: "a,b,a"}, want: []string{"a", "b"}},
		{name: "empty selects nothing", pod: map[string]string{AnnotationSidecars: ""}, want: nil},
		{name: "namespace default", namespace: map[string]string{AnnotationSidecars: "a"}, want: []string{"a"}},
		{
			name:      "pod wins over namespace",
			pod:       map[string]string{AnnotationSidecars: "b"},
			namespace: map[string]string{AnnotationSidecars: "a"},
			want:      []string{"b"},
		},
		{
			name:      "empty pod value turns the namespace default off",
			pod:       map[string]string{AnnotationSidecars: ""},
			namespace: map[string]string{AnnotationSidecars: "a"},
			want:      nil,
		},
		{name: "exactly the limit", pod: map[string]string{AnnotationSidecars: names(MaxSelectedTemplates)}, want: strings.Split(names(MaxSelectedTemplates), ",")},
		{name: "over the limit", pod: map[string]string{AnnotationSidecars: names(MaxSelectedTemplates + 1)}, denied: "metadata.annotations[podpatterns.io/sidecars]"},
		{name: "image", pod: map[string]string{AnnotationSidecars: "nginx:1.27"}, denied: "metadata.annotations[podpatterns.io/sidecars]"},
		{name: "path", pod: map[string]string{AnnotationSidecars: "team/log-shipper"}, denied: "metadata.annotations[podpatterns.io/sidecars]"},
		{name: "upper case", pod: map[string]string{AnnotationSidecars: "Log-Shipper"}, denied: "metadata.annotations[podpatterns.io/sidecars]"},
		{name: "inner space", pod: map[string]string{AnnotationSidecars: "log shipper"}, denied: "metadata.annotations[podpatterns.io/sidecars]"},
		{name: "trailing comma", pod: map[string]string{AnnotationSidecars: "a,"}, denied: "metadata.annotations[podpatterns.io/sidecars]"},
		{name: "newline", pod: map[string]string{AnnotationSidecars: "a\n"}, denied: "metadata.annotations[podpatterns.io/sidecars]"},
		{name: "yaml", pod: map[string]string{AnnotationSidecars: "{image: x}"}, denied: "metadata.annotations[podpatterns.io/sidecars]"},
		{name: "too long for a label", pod: map[string]string{AnnotationSidecars: strings.Repeat("a", 64)}, denied: "metadata.annotations[podpatterns.io/sidecars]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Annotations: tt.pod}}
			req := NewRequest(pod, Namespace{Name: "team-a", Annotations: tt.namespace})
			got, ok := selectedTemplates(nil, req, AnnotationSidecars)
			if tt.denied != "" {
				if ok || len(got) > 0 || len(req.Report.Denials) == 0 {
					t.Fatalf("got %v, ok %v, denials %v; want a denial", got, ok, req.Report.Denials)
				}
				for _, d := range req.Report.Denials {
					if d.Field != tt.denied {
						t.Errorf("denial path %s, want %s", d.Field, tt.denied)
					}
				}
				return
			}
			if !ok || len(req.Report.Denials) > 0 {
				t.Fatalf("denied: %v", req.Report.Denials)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestDeniedValueIsClipped: a huge value is not echoed back in full.
func TestDeniedValueIsClipped(t *testing.T) {
	value := strings.Repeat("x/", 10000)
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Annotations: map[string]string{AnnotationAdapters: value}}}
	req := NewRequest(pod, Namespace{Name: "ns"})
	selectedTemplates(nil, req, AnnotationAdapters)
	if len(req.Report.Denials) != 1 {
		t.Fatalf("denials: %v", req.Report.Denials)
	}
	if msg := req.Report.Denials[0].Error(); len(msg) > 400 {
		t.Errorf("denial is %d bytes long: %.200s...", len(msg), msg)
	}
}

// names returns n distinct valid names, comma separated.
func names(n int) string {
	out := make([]string, n)
	for i := range out {
		out[i] = "t" + strings.Repeat("x", i)
	}
	return strings.Join(out, ",")
}
