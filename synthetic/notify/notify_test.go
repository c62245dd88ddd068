package notify

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/synthetic"
	"github.com/smokegate/smokegate/synthetic/state"
)

// hook is a webhook receiver answering with the given statuses in turn
// (then 200), recording every body.
type hook struct {
	mu       sync.Mutex
	statuses []int
	bodies   []string
	srv      *httptest.Server
}

func newHook(t *testing.T, statuses ...int) *hook {
	t.Helper()
	h := &hook{statuses: statuses}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		h.bodies = append(h.bodies, string(b))
		status := http.StatusOK
		if len(h.statuses) > 0 {
			status, h.statuses = h.statuses[0], h.statuses[1:]
		}
		h.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

const secret = "sk_test_abcdefgh12345678"

func event() Event {
	return Event{Change: state.NowFailing, Consecutive: 3, Report: "https://status.example/reports/synthetic/full/x/summary.md",
		Outcome: synthetic.Outcome{Check: "full", Target: "https://api.example", RunID: "s1abc", Result: synthetic.Fail,
			Message: "billing/TestBilling: checkout failed with key " + secret + " and Bearer eyJhbGciOi.eyJzdWIiOiJ4.c2lnbmF0dXJl",
			Start:   time.Unix(1700000000, 0)}}
}

func notifier(slack, webhook string) *Notifier {
	redact := config.RedactShapes
	r := strings.NewReplacer(secret, "[redacted]", "/hooks/", "/«redacted-path»/")
	return &Notifier{SlackURL: slack, WebhookURL: webhook, Timeout: time.Second, Attempts: 3, Backoff: 10 * time.Millisecond,
		Redact: func(s string) string { return redact(r.Replace(s)) }}
}

func TestBodies(t *testing.T) {
	slack, generic := newHook(t), newHook(t)
	n := notifier(slack.srv.URL, generic.srv.URL)
	if err := n.Send(context.Background(), event()); err != nil {
		t.Fatal(err)
	}
	if len(slack.bodies) != 1 || len(generic.bodies) != 1 {
		t.Fatalf("slack got %d posts, the webhook %d; want one each", len(slack.bodies), len(generic.bodies))
	}
	var s map[string]string
	if err := json.Unmarshal([]byte(slack.bodies[0]), &s); err != nil {
		t.Fatalf("slack body is not JSON: %v", err)
	}
	for _, want := range []string{"FAILING", "*full*", "3 runs in a row", "billing/TestBilling", "run s1abc", "summary.md"} {
		if !strings.Contains(s["text"], want) {
			t.Errorf("slack text lacks %q:\n%s", want, s["text"])
		}
	}
	var g Generic
	if err := json.Unmarshal([]byte(generic.bodies[0]), &g); err != nil {
		t.Fatalf("webhook body is not JSON: %v", err)
	}
	if g.Check != "full" || g.State != "failing" || g.RunID != "s1abc" || g.ConsecutiveFailures != 3 || !strings.HasSuffix(g.Report, "summary.md") {
		t.Errorf("generic body %+v", g)
	}
	for _, body := range append(slack.bodies, generic.bodies...) {
		if strings.Contains(body, secret) || strings.Contains(body, "eyJzdWIiOiJ4") {
			t.Errorf("a secret reached the webhook: %s", body)
		}
	}
}

func TestRetries(t *testing.T) {
	tests := []struct {
		name      string
		statuses  []int
		wantPosts int
		wantErr   string
	}{
		{"delivered at once", nil, 1, ""},
		{"a 500 then a 200", []int{500}, 2, ""},
		{"rate limited twice", []int{429, 429}, 3, ""},
		{"gives up after the attempts", []int{503, 503, 503, 503}, 3, "503"},
		{"a 404 is not retried", []int{404}, 1, "404"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHook(t, tc.statuses...)
			err := notifier("", h.srv.URL).Send(context.Background(), event())
			if len(h.bodies) != tc.wantPosts {
				t.Errorf("%d posts, want %d", len(h.bodies), tc.wantPosts)
			}
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("error %v, want %q", err, tc.wantErr)
			}
		})
	}
}

// An error never shows the webhook URL, which carries its token.
func TestErrorsAreRedacted(t *testing.T) {
	h := newHook(t)
	url := h.srv.URL + "/hooks/T000/B000/XXXXSECRET"
	h.srv.Close()
	err := notifier(url, "").Send(context.Background(), event())
	if err == nil {
		t.Fatal("posting to a closed server succeeded")
	}
	if strings.Contains(err.Error(), "XXXXSECRET") || strings.Contains(err.Error(), h.srv.URL) {
		t.Errorf("the error shows the URL: %v", err)
	}
	if !strings.Contains(err.Error(), "SYNTHETIC_SLACK_WEBHOOK_URL") {
		t.Errorf("the error does not name the setting: %v", err)
	}
}

func TestRecoveredText(t *testing.T) {
	e := event()
	e.Change = state.Recovered
	if got := Text(e); !strings.HasPrefix(got, ":white_check_mark: RECOVERED: synthetic check *full*") {
		t.Errorf("recovered text: %s", got)
	}
}
