package probe

import (
	"strings"

	"github.com/smokegate/smokegate/harness/report"
	"github.com/smokegate/smokegate/harness/runner"
	"github.com/smokegate/smokegate/synthetic"
)

// fill copies the gate's verdict and suites into o. The runner has
// already redacted what it reports with the gate's configuration; redact
// adds the schedule's own secrets.
func fill(o *synthetic.Outcome, res runner.Result, redact func(string) string) {
	o.Code = res.Verdict.Code
	o.Line = redact(res.Verdict.Line)
	switch res.Verdict.Code {
	case report.ExitPass:
		o.Result = synthetic.Pass
	case report.ExitFail:
		o.Result = synthetic.Fail
	default:
		o.Result = synthetic.Error
	}
	for _, s := range res.Suites {
		if s == nil {
			continue
		}
		for _, c := range s.Cases {
			msg := redact(firstLine(c.Message))
			o.Tests = append(o.Tests, synthetic.TestResult{Name: s.Name, Status: string(c.Status), Time: c.Time, Budget: c.Budget, Message: msg,
				Warning: redact(firstLine(c.Warning))})
			if c.Flaky != "" && o.Result == synthetic.Pass {
				o.Result = synthetic.Flaky // the gate's own retry passed it
			}
			if o.Message == "" && (c.Status == report.Failed || c.Status == report.Errored) {
				o.Message = s.Name + "/" + c.Name + ": " + msg
			}
		}
	}
	if o.Message == "" && o.Result != synthetic.Pass {
		o.Message = strings.TrimPrefix(strings.TrimPrefix(o.Line, "GATE ERROR: "), "GATE FAIL: ")
	}
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
