package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"

	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// reviewBody is an AdmissionReview for a two-container app pod that asks for every
// mutation pattern of examples/config.yaml.
func reviewBody() ([]byte, error) {
	res := corev1.ResourceRequirements{
		Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("250m"), corev1.ResourceMemory: resource.MustParse("256Mi")},
		Limits:   corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("500m"), corev1.ResourceMemory: resource.MustParse("512Mi")},
	}
	pod := corev1.Pod{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{GenerateName: "web-", Namespace: "shop", Labels: map[string]string{"app": "web"},
			Annotations: map[string]string{"podpatterns.io/sidecars": "log-shipper", "podpatterns.io/adapters": "prometheus-exporter",
				"podpatterns.io/ambassadors": "redis", "podpatterns.io/config-template": "nginx",
				"podpatterns.io/downward-api": "true", "podpatterns.io/prestop": "true"}},
		Spec: corev1.PodSpec{ServiceAccountName: "web", Containers: []corev1.Container{
			{Name: "nginx", Image: "nginx:1.27", Ports: []corev1.ContainerPort{{ContainerPort: 8080}}, Resources: res},
			{Name: "app", Image: "shop/web:1.4.2", Resources: res, Env: []corev1.EnvVar{{Name: "LOG_LEVEL", Value: "info"}}},
		}}}
	raw, err := json.Marshal(pod)
	if err != nil {
		return nil, err
	}
	review := admissionv1.AdmissionReview{TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{UID: "load", Operation: admissionv1.Create, Namespace: "shop",
			Kind: metav1.GroupVersionKind{Version: "v1", Kind: "Pod"}, Resource: metav1.GroupVersionResource{Version: "v1", Resource: "pods"},
			Object: runtime.RawExtension{Raw: raw}}}
	return json.Marshal(review)
}

// results of one load run.
type results struct {
	latencies []time.Duration
	errors    int
	patched   int
	elapsed   time.Duration
}

// drive sends body to the endpoint from concurrency workers for d.
func drive(ctx context.Context, s *server, endpoint string, body []byte, concurrency int, d time.Duration) (*results, error) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var mu sync.Mutex
	res := &results{}
	var wg sync.WaitGroup
	start := time.Now()
	for range concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			errs, patched := 0, 0
			for ctx.Err() == nil {
				t0 := time.Now()
				ok, p := post(s, endpoint, body)
				if ctx.Err() != nil {
					break
				}
				lat = append(lat, time.Since(t0))
				if !ok {
					errs++
				}
				if p {
					patched++
				}
			}
			mu.Lock()
			res.latencies = append(res.latencies, lat...)
			res.errors += errs
			res.patched += patched
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	if len(res.latencies) == 0 {
		return nil, fmt.Errorf("no request completed")
	}
	return res, nil
}

func post(s *server, endpoint string, body []byte) (ok, patched bool) {
	resp, err := s.client.Post(s.URL+"/"+endpoint, "application/json", bytes.NewReader(body))
	if err != nil {
		return false, false
	}
	defer resp.Body.Close()
	var review admissionv1.AdmissionReview
	if err := json.NewDecoder(resp.Body).Decode(&review); err != nil || review.Response == nil {
		return false, false
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode == http.StatusOK && review.Response.UID == "load", len(review.Response.Patch) > 0
}

func (r *results) report(w io.Writer, endpoint string, concurrency int, cpu time.Duration) {
	slices.Sort(r.latencies)
	n := len(r.latencies)
	pct := func(p float64) time.Duration { return r.latencies[min(n-1, int(float64(n)*p))] }
	fmt.Fprintf(w, "endpoint /%s, %d connections, %s\n", endpoint, concurrency, r.elapsed.Round(time.Millisecond))
	fmt.Fprintf(w, "requests %d (%.0f/s), errors %d, patched %d\n", n, float64(n)/r.elapsed.Seconds(), r.errors, r.patched)
	fmt.Fprintf(w, "latency p50 %s  p90 %s  p99 %s  max %s\n", pct(0.50), pct(0.90), pct(0.99), r.latencies[n-1])
	fmt.Fprintf(w, "server CPU %s total, %.1f µs per request\n", cpu, float64(cpu.Microseconds())/float64(n))
}
