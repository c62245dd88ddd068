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
// but not notified; when the window closes, one message says how the
// deploy went and what failed during it, and nothing else is sent.
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
	for i := range sched.Checks {
		sched.Checks[i].AfterFailures = 1
	}
	c := common{sched: sched, redact: func(s string) string { return s },
		prober: &probe.Prober{Root: t.TempDir(), Env: []string{"SMOKE_TARGET=sandbox"}}}
	a := newApp(c, false, io.Discard)
	a.windows = &delivery.Windows{Closed: a.deployed, Changed: a.deployWindow}
	a.windows.Open("v42", time.Minute)
	fail := synthetic.Outcome{Check: "health", Result: synthetic.Fail, Code: 1, Line: "GATE FAIL: health", RunID: "sfail1",
		Message: "health/TestHealth: GET /api/health answered 503", ReportDir: sched.Reports + "/synthetic/health/x"}
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
	if len(posts) != 1 {
		t.Fatalf("after the window: %d posts %q, want exactly one", len(posts), posts)
	}
	for _, want := range []string{`"state":"deployed"`, "GATE PASS 7/7", `"during":["`, "health: failing after 1 failed runs in a row: health/TestHealth: GET /api/health answered 503 (run sfail1)"} {
		if !strings.Contains(posts[0], want) {
			t.Errorf("the deploy message lacks %s:\n%s", want, posts[0])
		}
	}
}
