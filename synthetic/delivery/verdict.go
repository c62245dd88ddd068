package delivery

import (
	"cmp"
	"context"
	"strings"
	"sync"
	"time"

	"github.com/smokegate/smokegate/synthetic"
)

// Verdict is the JSON answer of the verdict endpoint.
type Verdict struct {
	Deploy  string `json:"deploy"`
	Verdict string `json:"verdict"` // pass, fail or error
	Code    int    `json:"code"`    // the gate's exit code: 0, 1, 2
	Line    string `json:"line"`    // the gate's verdict line
	Test    string `json:"test,omitempty"`
	Reason  string `json:"reason,omitempty"`
	RunID   string `json:"runId"`
	Report  string `json:"report,omitempty"`
}

// FromOutcome maps a run to the verdict: a flaky pass is a pass; a pass
// of less than the whole runbook (read-only, partial) is no deploy verdict
// and reads as an error.
func FromOutcome(deploy string, o synthetic.Outcome) Verdict {
	v := Verdict{Deploy: deploy, Code: o.Code, Line: o.Line, RunID: o.RunID, Report: o.ReportDir}
	switch o.Result {
	case synthetic.Pass, synthetic.Flaky:
		v.Verdict = "pass"
		if !strings.HasPrefix(o.Line, "GATE PASS") {
			v.Verdict, v.Code, v.Reason = "error", 2, "not the whole runbook (read-only or partial): no deploy verdict"
		}
	case synthetic.Fail:
		v.Verdict = "fail"
	default:
		v.Verdict = "error"
	}
	if v.Verdict != "pass" {
		v.Reason = o.Message
		for _, t := range o.Tests {
			if t.Status == "failed" || t.Status == "errored" {
				v.Test, v.Reason = t.Name, t.Message
				break
			}
		}
	}
	return v
}

// Gate runs the whole runbook once and says how it ended. version, when
// set, is the version the target must serve (SMOKE_EXPECT_VERSION):
// another one makes the run a gate error, not a verdict on that deploy.
type Gate func(ctx context.Context, version string) synthetic.Outcome

// Verdicts runs the gate for a deploy, once: a second request for the
// same deploy waits for the run already going, and a finished verdict is
// answered again for Keep.
type Verdicts struct {
	Gate Gate
	Keep time.Duration // how long a finished verdict is answered again; default 10 minutes
	// Context bounds the gate runs (serve's: SIGTERM stops them and their
	// tests clean up); default none.
	Context context.Context

	mu   sync.Mutex
	runs map[string]*deployRun
}

type deployRun struct {
	done chan struct{}
	v    Verdict
	end  time.Time
}

// For returns the verdict of deploy, running the gate when no run for it
// is going or recent. ctx bounds the wait, not the run: a caller that
// gives up does not cancel a verdict other callers wait for.
func (vs *Verdicts) For(ctx context.Context, deploy, version string) (Verdict, error) {
	run := vs.run(deploy, version)
	select {
	case <-run.done:
		return run.v, nil
	case <-ctx.Done():
		return Verdict{}, ctx.Err()
	}
}

func (vs *Verdicts) run(deploy, version string) *deployRun {
	vs.mu.Lock()
	defer vs.mu.Unlock()
	if vs.runs == nil {
		vs.runs = map[string]*deployRun{}
	}
	keep := vs.Keep
	if keep == 0 {
		keep = 10 * time.Minute
	}
	for d, r := range vs.runs { // forget expired verdicts
		if finished(r) && time.Since(r.end) >= keep {
			delete(vs.runs, d)
		}
	}
	if r, ok := vs.runs[deploy]; ok {
		// A gate error is answered once: the next call runs the gate again.
		if !finished(r) || r.v.Verdict != "error" {
			return r
		}
	}
	r := &deployRun{done: make(chan struct{})}
	vs.runs[deploy] = r
	go func() {
		o := vs.Gate(cmp.Or(vs.Context, context.Background()), version)
		r.v, r.end = FromOutcome(deploy, o), time.Now()
		close(r.done)
	}()
	return r
}

func finished(r *deployRun) bool {
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}
