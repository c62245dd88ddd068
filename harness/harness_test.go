package harness

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/report"
	"github.com/smokegate/smokegate/harness/runbook"
)

func newTestBinary(t *testing.T, env map[string]string) *binary {
	t.Helper()
	root := t.TempDir()
	cfg, err := config.Load(config.Source{Dir: root, Runbooks: filepath.Join("..", "smoke"), Lookup: func(k string) (string, bool) { v, ok := env[k]; return v, ok }})
	if err != nil {
		t.Fatalf("load config: %v", err)
	}
	r := &binary{cfg: cfg, root: root, secrets: config.NewRegistry(""), check: runbook.Check{Test: "health", Needs: []string{"SMOKE_API_URL"},
		Limits: map[string]runbook.Duration{"page": runbook.Duration(2 * time.Second), "answer": runbook.Duration(time.Second)}},
		name: "health", pkg: "smoke/health", started: time.Now(), shared: newSharedResources()}
	r.redact = r.redactor()
	if err := report.PrepareDir(r.reportDir(), root, false); err != nil { // as prepare does
		t.Fatal(err)
	}
	return r
}

func TestOutcomes(t *testing.T) {
	tests := []struct {
		name        string
		env         map[string]string
		budget      time.Duration
		body        func(s *S)
		wantStatus  report.Status
		wantMessage string
		blocking    bool
	}{
		{"pass", nil, time.Second, func(s *S) { s.Step("fine") }, report.Passed, "", false},
		{"product failure carries the advice", nil, time.Second, func(s *S) { s.Failf("status is 503, want 200") },
			report.Failed, "status is 503, want 200 — roll back", false},
		{"a later step's advice replaces the first", nil, time.Second, func(s *S) { s.Advise("check the webhook"); s.Failf("still free") },
			report.Failed, "still free — check the webhook", false},
		{"gate error has no roll-back advice", nil, time.Second, func(s *S) { s.GateErrorf("Chromium not found") },
			report.Errored, "Chromium not found", false},
		{"over budget with nothing measured on a runner that is not starved fails", nil, 10 * time.Millisecond, func(s *S) { idleProbe(s); time.Sleep(30 * time.Millisecond) },
			report.Failed, "over the runbook's budget of 10ms, on a machine that was not starved", false},
		{"a target figure over its limit fails naming both", nil, time.Second, func(s *S) { s.Limit("page", "loading /history", 3*time.Second) },
			report.Failed, "loading /history took 3s, over its limit of 2s (measured on the target) — roll back", false},
		{"a limit the runbook does not give is a gate error naming where to add it", nil, time.Second, func(s *S) { s.Limit("nope", "GET /x", time.Millisecond) },
			report.Errored, `the runbook gives check health no limit "nope": add it under the check's limits:`, false},
		{"remote without its variables skips and blocks", map[string]string{"SMOKE_TARGET": "remote"}, time.Second, func(s *S) {},
			report.Skipped, "not configured: set SMOKE_API_URL", true},
		{"optional test's skip does not block", map[string]string{"SMOKE_TARGET": "remote", "SMOKE_OPTIONAL": "health"}, time.Second, func(s *S) {},
			report.Skipped, "not configured: set SMOKE_API_URL", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newTestBinary(t, tc.env)
			ft := runFake("TestX", func(ft *fakeT) {
				s := start(ft, r, budgetOf(tc.budget), Advice("roll back"))
				tc.body(s)
			})
			c := ft.reported()
			if c.Status != tc.wantStatus || !strings.Contains(c.Message, tc.wantMessage) || c.Blocking != tc.blocking {
				t.Errorf("got %s %q blocking=%v, want %s containing %q blocking=%v", c.Status, c.Message, c.Blocking, tc.wantStatus, tc.wantMessage, tc.blocking)
			}
		})
	}
}

// Over the runbook's budget is a warning, not a failure, when every figure
// measured on the target was within its limit; the warning names both.
func TestBudget(t *testing.T) {
	tests := []struct {
		name        string
		budget      time.Duration
		body        func(s *S)
		wantWarning []string // all in the warning; nil: no warning
		overBudget  bool     // the budget.warning property is set
	}{
		{"within budget", time.Second, func(s *S) { s.Limit("answer", "GET /x", time.Millisecond) }, nil, false},
		{"over budget, target in limits", 10 * time.Millisecond, func(s *S) {
			s.Limit("answer", "GET /x", 2*time.Millisecond)
			time.Sleep(30 * time.Millisecond)
		}, []string{"over the runbook's budget of 10ms", "answer 2ms (limit 1s)", "the machine was slow", "timer delay"}, true},
		{"the test's own warning", time.Second, func(s *S) { s.Warn("the newest backup is %d bytes", 900) },
			[]string{"the newest backup is 900 bytes"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newTestBinary(t, nil)
			ft := runFake("TestX", func(ft *fakeT) { tc.body(start(ft, r, budgetOf(tc.budget))) })
			c := ft.reported()
			if c.Status != report.Passed {
				t.Fatalf("status %s %q, want passed", c.Status, c.Message)
			}
			if tc.wantWarning == nil && c.Warning != "" {
				t.Errorf("warning %q, want none", c.Warning)
			}
			for _, w := range tc.wantWarning {
				if !strings.Contains(c.Warning, w) {
					t.Errorf("warning %q lacks %q", c.Warning, w)
				}
			}
			if (ft.property("budget.warning") != "") != tc.overBudget {
				t.Errorf("budget.warning property %q, want it set: %v", ft.property("budget.warning"), tc.overBudget)
			}
		})
	}
}

// A secret planted in the configuration must not reach the step log, the
// failure message, the evidence, the JUnit file or the summary.
func TestSecretsNeverReachReports(t *testing.T) {
	const planted = "s3cr3t-PLANTED-value-42"
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"error":"bad token ` + r.Header.Get("X-Echo") + `"}`))
	}))
	defer echo.Close()
	r := newTestBinary(t, map[string]string{
		"SMOKE_TARGET": "remote", "SMOKE_API_URL": echo.URL,
		"SMOKE_JWT_SECRET":  planted,
		"SMOKE_MONGODB_URI": "mongodb://smoke:" + planted + "@db.example:27017/promptlens",
	})
	ft := runFake("TestHealth", func(ft *fakeT) {
		s := start(ft, r, budgetOf(5*time.Second))
		s.Step("using %s and %v", planted, r.cfg.Secret("SMOKE_JWT_SECRET"))
		s.Evidence("notes.txt", []byte("token="+planted))
		API(s).Expect().GET("/api/health").WithHeader("X-Echo", planted).Expect().Status(http.StatusOK)
	})
	suites := []*report.Suite{ft.suite()}
	if err := report.WriteJUnit(filepath.Join(r.reportDir(), "junit.xml"), "smokegate", suites); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(r.reportDir(), "summary.md"), []byte(report.Summary(report.Decide(suites), suites)), 0o644); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(ft.output(), planted) {
		t.Errorf("the test log holds the secret:\n%s", ft.output())
	}
	for _, a := range ft.attrs {
		if strings.Contains(a.Value, planted) || strings.Contains(a.Key, planted) {
			t.Errorf("attribute %s on the test stream holds the secret", a.Key)
		}
	}
	files := 0
	err := filepath.WalkDir(r.reportDir(), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(path)
		if strings.Contains(string(b), planted) {
			t.Errorf("%s holds the secret", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 3 { // junit.xml, summary, evidence
		t.Errorf("only %d report files written; the check proves nothing", files)
	}
	if c := ft.reported(); c.Status != report.Failed {
		t.Errorf("the failing call was not reported as a failure: %+v", c)
	}
}

// idleProbe replaces the test's load probe with one that saw no lateness,
// so that the machine's own load cannot turn a budget failure into a
// "machine was starved" pass.
func idleProbe(s *S) {
	s.load.finish()
	p := &loadProbe{psiStart: -1, stop: make(chan struct{}), done: make(chan struct{})}
	close(p.done)
	s.load = p
}
