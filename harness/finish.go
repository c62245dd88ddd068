package harness

import (
	"fmt"
	"time"

	"github.com/smokegate/smokegate/harness/report"
)

// finish runs last of the test's cleanups: it checks the budget and records
// the case for the suite.
func (s *S) finish() {
	took := time.Since(s.start)
	c := report.Case{Name: s.t.Name(), Time: took, Budget: s.budget, Overhead: s.overhead, Steps: s.steps, Evidence: s.evidence}
	took -= s.overhead // the budget measures the product, not the gate's set-up
	switch {
	case s.skipped:
		c.Status, c.Message, c.Blocking = report.Skipped, s.message, s.blocking
	case s.status != "":
		c.Status, c.Message, c.Detail = s.status, s.message, s.detail
	case s.t.Failed():
		c.Status, c.Message = report.Failed, "failed without a message: see the step log"
	case took > s.budget:
		c.Status = report.Failed
		c.Message = fmt.Sprintf("took %s, budget %s", report.Round(took), s.budget)
		if s.advice != "" {
			c.Message += " — " + s.advice
		}
		s.t.Error(c.Message)
	default:
		c.Status = report.Passed
	}
	s.run.record(c, s.props)
}
