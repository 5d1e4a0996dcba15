package e2enode

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/test/nodestack"
	"github.com/podpatterns/podpatterns/webhook"
)

// The chart's ports (values.yaml ports.*), reached at a replica's pod IP.
const (
	webhookPort = 9443
	metricsPort = 8080
	healthPort  = 8081
)

// shutdownWatch observes one webhook replica from outside while it goes away: its
// /readyz (what the kubelet probes), a TCP connect to its admission port, and the
// admission requests its metrics count. Fields are valid after wait.
type shutdownWatch struct {
	name, ip string
	begin    time.Time
	done     chan struct{}
	// notReady and closed are when /readyz first answered non-200 and when the
	// admission port first refused a connection, since the watch began (0: never).
	notReady, closed time.Duration
	readyzStatus     int
	// requests counted when readiness failed, and at the last scrape before the close.
	requestsAtNotReady, requestsLast float64
	closeErr                         string
}

func watchShutdown(ctx context.Context, p corev1.Pod) *shutdownWatch {
	w := &shutdownWatch{name: p.Name, ip: p.Status.PodIP, begin: time.Now(), done: make(chan struct{})}
	go w.run(ctx)
	return w
}

func (w *shutdownWatch) wait() { <-w.done }

func (w *shutdownWatch) run(ctx context.Context) {
	defer close(w.done)
	client := &http.Client{Timeout: 500 * time.Millisecond}
	for ctx.Err() == nil {
		if n, err := requestsTotal(client, fmt.Sprintf("http://%s:%d/metrics", w.ip, metricsPort)); err == nil {
			w.requestsLast = n
		}
		if w.notReady == 0 {
			resp, err := client.Get(fmt.Sprintf("http://%s:%d/readyz", w.ip, healthPort))
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					w.notReady, w.readyzStatus, w.requestsAtNotReady = time.Since(w.begin), resp.StatusCode, w.requestsLast
				}
			}
		}
		conn, err := net.DialTimeout("tcp", net.JoinHostPort(w.ip, strconv.Itoa(webhookPort)), 500*time.Millisecond)
		if err != nil {
			w.closed, w.closeErr = time.Since(w.begin), err.Error()
			return
		}
		conn.Close()
		time.Sleep(50 * time.Millisecond)
	}
}

// graceful says what a graceful shutdown needs: readiness failed (503 from a serving
// health port) before the admission listener closed, and the listener kept accepting
// for at least half the server's shutdown drain after that.
func (w *shutdownWatch) graceful() error {
	switch {
	case w.closed == 0:
		return fmt.Errorf("the admission port never closed while watched")
	case w.notReady == 0:
		return fmt.Errorf("the admission port closed at %s (%s) and /readyz never failed before", nodestack.Round(w.closed), w.closeErr)
	case w.closed-w.notReady < webhook.DefaultShutdownDrain/2:
		return fmt.Errorf("the admission port closed %s after /readyz failed; the shutdown drain is %s", nodestack.Round(w.closed-w.notReady), webhook.DefaultShutdownDrain)
	}
	return nil
}

func (w *shutdownWatch) String() string {
	return fmt.Sprintf("/readyz %d at %s, admission port closed at %s (%s later: %s), %.0f requests answered in between",
		w.readyzStatus, nodestack.Round(w.notReady), nodestack.Round(w.closed), nodestack.Round(w.closed-w.notReady), w.closeErr, w.requestsLast-w.requestsAtNotReady)
}

// requestsTotal sums podpatterns_requests_total over its labels.
func requestsTotal(client *http.Client, url string) (float64, error) {
	resp, err := client.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var sum float64
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "podpatterns_requests_total{") && !strings.HasPrefix(line, "podpatterns_requests_total ") {
			continue
		}
		fields := strings.Fields(line)
		v, err := strconv.ParseFloat(fields[len(fields)-1], 64)
		if err == nil {
			sum += v
		}
	}
	return sum, sc.Err()
}
