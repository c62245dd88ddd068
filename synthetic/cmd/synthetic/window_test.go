package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smokegate/smokegate/synthetic"
	"github.com/smokegate/smokegate/synthetic/delivery"
	"github.com/smokegate/smokegate/synthetic/probe"
	"github.com/smokegate/smokegate/synthetic/schedule"
)

// While a deploy window is open, a check that starts failing is recorded
// but its notification is held; when the window closes the held one goes
// out, and one message says how the deploy went.
func TestWindowHoldsNotifications(t *testing.T) {
	var mu sync.Mutex
	var posts []string
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		posts = append(posts, string(b))
		mu.Unlock()
	}))
	defer hook.Close()
	sched := schedule.Default()
	sched.Reports = t.TempDir()
	sched.Notify.WebhookURL = hook.URL
	sched.Notify.AfterFailures = 1
	c := common{sched: sched, redact: func(s string) string { return s },
		prober: &probe.Prober{Root: t.TempDir(), Env: []string{"SMOKE_TARGET=sandbox"}}}
	a := newApp(c, false, io.Discard)
	a.windows = &delivery.Windows{Closed: a.deployed, Changed: a.metrics.Window}
	a.windows.Open("v42", time.Minute)
	fail := synthetic.Outcome{Check: "health", Result: synthetic.Fail, Code: 1, Line: "GATE FAIL: health", ReportDir: sched.Reports + "/synthetic/health/x"}
	a.finished(fail)
	a.sends.Wait()
	mu.Lock()
	held := len(posts)
	mu.Unlock()
	if held != 0 {
		t.Fatalf("%d notifications while the window was open, want none: %q", held, posts)
	}
	a.windows.Close("v42", &delivery.Verdict{Verdict: "pass", Line: "GATE PASS 7/7", RunID: "r1"})
	a.sends.Wait()
	mu.Lock()
	defer mu.Unlock()
	deployed, failing := 0, 0
	for _, p := range posts {
		if strings.Contains(p, `"state":"deployed"`) && strings.Contains(p, "GATE PASS 7/7") {
			deployed++
		}
		if strings.Contains(p, `"state":"failing"`) && strings.Contains(p, `"check":"health"`) {
			failing++
		}
	}
	if len(posts) != 2 || deployed != 1 || failing != 1 {
		t.Errorf("after the window: %q, want the held failing notice and one deploy message", posts)
	}
}
