package synthetic

import "time"

// Result is how a run ended, as the metrics count it.
type Result string

const (
	Pass  Result = "pass"  // every test passed (gate exit 0)
	Fail  Result = "fail"  // a smoke test failed: the product is broken (gate exit 1)
	Error Result = "error" // the gate could not decide (gate exit 2, deadline, shutdown)
	Flaky Result = "flaky" // failed, then passed on a retry
)

// Results lists every result, in the order the metrics export them.
var Results = []Result{Pass, Fail, Error, Flaky}

// TestResult is one runbook test within a run.
type TestResult struct {
	Name    string        `json:"name"`
	Status  string        `json:"status"` // passed, failed, errored, skipped
	Time    time.Duration `json:"time"`
	Budget  time.Duration `json:"budget,omitempty"`
	Message string        `json:"message,omitempty"` // redacted first line
	Warning string        `json:"warning,omitempty"` // a pass's warning (over budget, or the test's own), redacted
}

// Outcome is one run of a check. Every text in it has been through the
// configuration's redactor.
type Outcome struct {
	Check     string        `json:"check"`
	Kind      string        `json:"kind,omitempty"` // "": a scheduled run; OnDemandVerdict or OnDemandRun
	Target    string        `json:"target"`         // the API URL, or "sandbox"
	RunID     string        `json:"runId"`
	Start     time.Time     `json:"start"`
	Duration  time.Duration `json:"duration"`
	Result    Result        `json:"result"`
	Code      int           `json:"code"`              // the gate's exit code
	Line      string        `json:"line"`              // the gate's verdict line
	Message   string        `json:"message,omitempty"` // first failure or error, for people
	ReportDir string        `json:"reportDir,omitempty"`
	Attempts  int           `json:"attempts"`
	Tests     []TestResult  `json:"tests,omitempty"`
}

// The kinds of run outside the schedule: their outcomes feed their own
// series and the status page's own section, never the scheduled alerts.
const (
	OnDemandVerdict = "verdict" // a deploy's verdict (delivery endpoints)
	OnDemandRun     = "run"     // run-now
)

// Success tells whether the check held: a pass, or a pass on retry.
func (o Outcome) Success() bool { return o.Result == Pass || o.Result == Flaky }
