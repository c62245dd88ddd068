package harness

import (
	"fmt"
	"time"

	"github.com/smokegate/smokegate/harness/report"
)

// Limit checks a figure measured on the target (an HTTP exchange's time,
// a page's navigation timing, the gap between two records' timestamps)
// against the runbook's limit of that name (runbook.yml, the check's
// limits:). The figure becomes the suite property limit.<name>; over the
// limit it is a product failure that names both.
func (s *S) Limit(name, what string, measured time.Duration) {
	s.t.Helper()
	limit := s.LimitOf(name)
	if measured <= 0 {
		s.GateErrorf("%s: no time was measured on the target (a body not read to its end, or clocks that disagree), so the limit of %s cannot be checked", what, limit)
	}
	figure := fmt.Sprintf("%s (limit %s)", precise(measured), limit)
	s.Property("limit."+name, figure)
	s.figures = append(s.figures, name+" "+figure)
	if measured > limit {
		s.Failf("%s took %s, over its limit of %s (measured on the target)", what, report.Round(measured), limit)
	}
	s.Step("%s: %s", what, figure)
}

// LimitOf is the runbook's limit called name for this check, for a test
// that sizes a wait by it. A name the runbook does not give is a gate
// error that says where to add it.
func (s *S) LimitOf(name string) time.Duration {
	s.t.Helper()
	limit, ok := s.bin.check.Limits[name]
	if !ok || limit <= 0 {
		s.GateErrorf("the runbook gives check %s no limit %q: add it under the check's limits: in its runbook.yml", s.bin.name, name)
	}
	return time.Duration(limit)
}

// precise rounds a figure for people without turning a fast answer into 0s.
func precise(d time.Duration) time.Duration {
	if d < time.Millisecond {
		return d.Round(time.Microsecond)
	}
	return report.Round(d)
}
