package report

import (
	"fmt"
	"strings"
)

// Exit codes of the gate.
const (
	ExitPass      = 0 // every required test passed
	ExitFail      = 1 // a smoke test failed: the product is broken, roll back
	ExitUndecided = 2 // the gate could not decide: bad config, browser, harness bug
)

// Verdict is the gate's decision.
type Verdict struct {
	Code int
	Line string // GATE PASS 7/7, GATE FAIL: ..., GATE ERROR: ...
	// Warnings are passes over the runbook's budget on a slow machine, one
	// "suite/test: why" line each.
	Warnings []string
}

// Decide reads suites in runbook order. A failure anywhere decides FAIL,
// since a broken product is known even if another check could not run;
// otherwise an error or a blocking skip decides ERROR; otherwise PASS.
func Decide(suites []*Suite) Verdict {
	v := decide(suites)
	for _, s := range suites {
		for i := range s.Cases {
			c := &s.Cases[i]
			if c.Flaky != "" {
				v.Warnings = append(v.Warnings, label(s, c)+": flaky: passed on its retry after an infrastructure error: "+FirstLine(c.Flaky))
			}
			if c.Warning != "" {
				v.Warnings = append(v.Warnings, label(s, c)+": "+c.Warning)
			}
		}
	}
	return v
}

func decide(suites []*Suite) Verdict {
	var passed, total, warned, flaky int
	var firstErr *Case
	var firstErrSuite string
	for _, s := range suites {
		for i := range s.Cases {
			c := &s.Cases[i]
			total++
			switch {
			case c.Status == Failed:
				return Verdict{Code: ExitFail, Line: fmt.Sprintf("GATE FAIL: %s: %s (roll back)", label(s, c), FirstLine(c.Message))}
			case c.Status == Passed:
				passed++
				if c.Warning != "" {
					warned++
				}
				if c.Flaky != "" {
					flaky++
				}
			case (c.Status == Errored || c.Blocking) && firstErr == nil:
				firstErr, firstErrSuite = c, s.Name
			}
		}
	}
	if firstErr != nil {
		return Verdict{Code: ExitUndecided, Line: fmt.Sprintf("GATE ERROR: %s/%s: %s (the gate could not decide: fix the gate or its configuration and run it again)",
			firstErrSuite, firstErr.Name, FirstLine(firstErr.Message))}
	}
	if total == 0 {
		return Verdict{Code: ExitUndecided, Line: "GATE ERROR: no smoke test ran"}
	}
	line := fmt.Sprintf("GATE PASS %d/%d", passed, total)
	if skipped := total - passed; skipped > 0 {
		line += fmt.Sprintf(" (%d optional skipped)", skipped)
	}
	if warned > 0 {
		line += fmt.Sprintf(" (%d over budget on a slow machine: see the warnings)", warned)
	}
	if flaky > 0 {
		line += fmt.Sprintf(" (%d flaky: passed on a retry, see the warnings)", flaky)
	}
	return Verdict{Code: ExitPass, Line: line}
}

func label(s *Suite, c *Case) string { return s.Name + "/" + c.Name }

// FirstLine is the first line of a message, trimmed; "no message" when it
// is empty.
func FirstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if s == "" {
		return "no message"
	}
	return s
}
