package probe

import (
	"strings"
	"testing"
	"time"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/report"
	"github.com/smokegate/smokegate/harness/runner"
	"github.com/smokegate/smokegate/synthetic"
)

func TestFill(t *testing.T) {
	suite := func(name string, st report.Status, msg string) *report.Suite {
		return &report.Suite{Name: name, Cases: []report.Case{{Name: "Test" + name, Status: st, Message: msg + "\nmore lines", Time: time.Second, Budget: 5 * time.Second}}}
	}
	tests := []struct {
		name        string
		res         runner.Result
		wantResult  synthetic.Result
		wantMessage string
	}{
		{"pass", runner.Result{Verdict: report.Verdict{Code: 0, Line: "GATE PASS 2/2"},
			Suites: []*report.Suite{suite("health", report.Passed, ""), suite("quota", report.Passed, "")}}, synthetic.Pass, ""},
		{"the first failure is the message", runner.Result{Verdict: report.Verdict{Code: 1, Line: "GATE FAIL: ..."},
			Suites: []*report.Suite{suite("health", report.Passed, ""), suite("history", report.Failed, "history answered 500 token=abcdef123456"), suite("quota", report.Errored, "x")}},
			synthetic.Fail, "history/Testhistory: history answered 500 token=«redacted:param:"},
		{"the gate's own retry passed it: flaky", runner.Result{Verdict: report.Verdict{Code: 0, Line: "GATE PASS 2/2 (1 flaky)"},
			Suites: []*report.Suite{suite("health", report.Passed, ""), {Name: "quota", Cases: []report.Case{{Name: "TestQuota", Status: report.Passed, Flaky: "dial tcp: connection reset"}}}}},
			synthetic.Flaky, ""},
		{"an error before any test", runner.Result{Verdict: report.Verdict{Code: 2, Line: "GATE ERROR: SMOKE_API_URL is missing"}},
			synthetic.Error, "SMOKE_API_URL is missing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var o synthetic.Outcome
			fill(&o, tc.res, config.RedactShapes)
			if o.Result != tc.wantResult || !strings.HasPrefix(o.Message, tc.wantMessage) {
				t.Errorf("got %s %q, want %s %q", o.Result, o.Message, tc.wantResult, tc.wantMessage)
			}
			if strings.Contains(o.Message, "abcdef123456") || strings.Contains(o.Message, "more lines") {
				t.Errorf("message %q: want the first line, redacted", o.Message)
			}
			if len(o.Tests) != len(tc.res.Suites) {
				t.Errorf("%d tests, want %d", len(o.Tests), len(tc.res.Suites))
			}
		})
	}
}

// Run ids are ones the gate accepts as SMOKE_RUN_ID, and report folders
// are named as retention expects.
func TestRunIDAndDir(t *testing.T) {
	at := time.Date(2026, 3, 10, 12, 0, 5, 0, time.UTC)
	for range 20 {
		id := NewRunID(at)
		env := map[string]string{"SMOKE_RUN_ID": id}
		if _, err := config.Load(config.Source{Dir: t.TempDir(), Lookup: func(k string) (string, bool) { v, ok := env[k]; return v, ok }}); err != nil {
			t.Fatalf("run id %q: %v", id, err)
		}
		if d := Dir("/r", "health", at, id); d != "/r/synthetic/health/20260310T120005Z-"+id {
			t.Errorf("Dir = %s", d)
		}
	}
}
