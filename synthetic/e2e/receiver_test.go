package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
)

// amAlert is one alert in an Alertmanager webhook payload.
type amAlert struct {
	Status string            `json:"status"`
	Labels map[string]string `json:"labels"`
}

// receiver records Alertmanager's webhook payloads (/alertmanager) and
// the synthetic notifier's posts (/notify).
type receiver struct {
	mu      sync.Mutex
	alerts  []amAlert
	notices []map[string]any
	pushes  []string // Pushgateway paths pushed to
	bodies  []string // and what was pushed, in the text format
	srv     *httptest.Server
}

func newReceiver(t *testing.T) *receiver {
	t.Helper()
	r := &receiver{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /alertmanager", func(w http.ResponseWriter, req *http.Request) {
		var p struct{ Alerts []amAlert }
		if err := json.NewDecoder(req.Body).Decode(&p); err != nil {
			t.Errorf("Alertmanager posted a body that is not its webhook JSON: %v", err)
		}
		r.mu.Lock()
		r.alerts = append(r.alerts, p.Alerts...)
		r.mu.Unlock()
	})
	mux.HandleFunc("POST /notify", func(w http.ResponseWriter, req *http.Request) {
		var n map[string]any
		if err := json.NewDecoder(req.Body).Decode(&n); err != nil {
			t.Errorf("the notifier posted a body that is not JSON: %v", err)
		}
		r.mu.Lock()
		r.notices = append(r.notices, n)
		r.mu.Unlock()
	})
	mux.HandleFunc("PUT /metrics/", func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.pushes = append(r.pushes, req.URL.Path)
		r.bodies = append(r.bodies, string(b))
		r.mu.Unlock()
	})
	r.srv = httptest.NewServer(mux)
	t.Cleanup(r.srv.Close)
	return r
}

// alert finds an alert with the given status and name.
func (r *receiver) alert(status, name string) (amAlert, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, a := range r.alerts {
		if a.Status == status && a.Labels["alertname"] == name {
			return a, true
		}
	}
	return amAlert{}, false
}

// noticeStates lists the notifier's posts by state, in order.
func (r *receiver) noticeStates() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, n := range r.notices {
		s, _ := n["state"].(string)
		out = append(out, s)
	}
	return out
}

// pushed returns the paths pushed to, each with its grouping labels in
// name order: the Pushgateway client writes them in map order.
func (r *receiver) pushed() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, len(r.pushes))
	for i, p := range r.pushes {
		out[i] = canonicalPush(p)
	}
	return out
}

// canonicalPush sorts the label pairs after /metrics/job/<job>.
func canonicalPush(path string) string {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if len(parts) < 3 || len(parts)%2 != 1 {
		return path
	}
	var pairs []string
	for i := 3; i+1 < len(parts); i += 2 {
		pairs = append(pairs, parts[i]+"/"+parts[i+1])
	}
	sort.Strings(pairs)
	return "/" + strings.Join(append(parts[:3:3], pairs...), "/")
}

// alertNames lists the names of the alerts delivered, in order.
func (r *receiver) alertNames() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, a := range r.alerts {
		if !slices.Contains(out, a.Labels["alertname"]) {
			out = append(out, a.Labels["alertname"])
		}
	}
	return out
}

// count is how many deliveries of the named alert had the status.
func (r *receiver) count(status, name string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, a := range r.alerts {
		if a.Status == status && a.Labels["alertname"] == name {
			n++
		}
	}
	return n
}
