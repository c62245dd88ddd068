package harness

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/smokegate/smokegate/harness/report"
)

// finish runs last of the test's cleanups: it checks the budget and records
// the case for the suite.
func (s *S) finish() {
	took := time.Since(s.start)
	c := report.Case{Name: s.t.Name(), Time: took, Budget: s.budget, Overhead: s.overhead, Steps: s.steps, Evidence: s.evidence}
	took -= s.overhead // the budget measures the product, not the gate's set-up
	load := s.load.finish()
	s.props["host.load"] = load.String()
	switch {
	case s.bin.interrupt != nil && s.bin.interrupt.Err() != nil && !s.skipped:
		c.Status, c.Message = report.Errored, "interrupted (SIGINT or SIGTERM) before the test ended; its cleanup ran"
	case s.skipped:
		c.Status, c.Message, c.Blocking = report.Skipped, s.message, s.blocking
	case s.t.Skipped(): // t.Skip called directly: a check that did not run blocks
		c.Status, c.Message, c.Blocking = report.Skipped, "skipped by the test itself (t.Skip), not through the harness: the check did not run", true
	case s.status != "":
		c.Status, c.Message, c.Detail = s.status, s.message, s.detail
	case s.t.Failed():
		// No verdict came through the harness: a panic, or t.Fatal or
		// t.Error called directly. A bug in the test or the harness, not
		// a finding about the product.
		c.Status, c.Message = report.Errored, outsideHarness
	case took > s.budget && len(s.figures) == 0 && !load.starved():
		// Nothing measured on the target and a machine that was not short of
		// CPU: the time was the target's.
		c.Status = report.Failed
		c.Message = fmt.Sprintf("took %s, over the runbook's budget of %s, on a machine that was not starved (%s)", report.Round(took), s.budget, load)
		if s.advice != "" {
			c.Message += " — " + s.advice
		}
		s.t.Error(c.Message)
	default:
		c.Status = report.Passed
		if took > s.budget {
			s.props["budget.warning"] = s.overBudget(took, load)
			s.warnings = append(s.warnings, s.props["budget.warning"])
		}
		if len(s.warnings) > 0 {
			c.Warning = strings.Join(s.warnings, "; ")
			s.t.Log("warning: " + c.Warning)
		}
	}
	s.infrastructure(&c)
	endSpan(s.span, c)
	s.report(c)
}

// report puts the case and the suite's properties on the test stream
// (test attributes, which go test -json and the gate's runner read), the
// run's own properties first. A panic ends the binary after the cleanups;
// the case is out by then.
func (s *S) report(c report.Case) {
	for _, p := range s.bin.properties {
		if _, own := s.props[p.Name]; !own {
			s.attrs(report.PropertyAttrs(p.Name, p.Value))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(s.props)) {
		s.attrs(report.PropertyAttrs(k, s.props[k]))
	}
	s.attrs(report.CaseAttrs(c))
}

// Warn notes what the test saw that is worth a look but no reason to
// roll back (the runbook's "info"): the test still passes, and the gate's
// verdict, summary and the synthetic runner's metrics carry the warning.
func (s *S) Warn(format string, args ...any) {
	s.t.Helper()
	s.warnings = append(s.warnings, s.bin.redact(fmt.Sprintf(format, args...)))
}

// infrastructure turns the end of a test whose Chromium stopped answering
// into a retryable gate error: a dead browser says nothing about the
// deploy, whatever the test saw through it (a page that vanished reads as
// a missing element). Chromium must fail to answer twice, so a slow
// machine's late answer does not turn a product failure into a retry.
func (s *S) infrastructure(c *report.Case) {
	if c.Status != report.Failed && c.Status != report.Errored {
		return
	}
	if slices.ContainsFunc(s.usedBrowsers, (*onceBrowser).dead) {
		c.Status, s.retryable = report.Errored, true
		c.Message = "Chromium stopped answering during the test (it crashed or was killed), so the test says nothing about the deploy; it ended with: " + c.Message
	}
	c.Retryable = s.retryable && c.Status == report.Errored
}

// outsideHarness is the message of a test that failed without a verdict
// from the harness.
const outsideHarness = "the test failed outside the harness (a panic, or t.Fatal/t.Error called directly instead of s.Failf, s.GateErrorf or s.Check): a bug in the test or the harness, see the test's output"

// overBudget explains a run over the runbook's budget in which every
// figure measured on the target was within its limit: the machine, not the
// product, took the time.
func (s *S) overBudget(took time.Duration, load hostLoad) string {
	figures := "no target figure is limited in this test and the machine was starved"
	if len(s.figures) > 0 {
		figures = "the target was within every limit (" + strings.Join(s.figures, "; ") + ")"
	}
	return fmt.Sprintf("took %s, over the runbook's budget of %s, but %s: the machine was slow (%s)",
		report.Round(took), s.budget, figures, load)
}
