package runner

import (
	"context"
	"fmt"

	"github.com/smokegate/smokegate/harness/report"
)

// An error of the gate's own infrastructure (Chromium crashed or was
// killed, the DevTools connection was lost, the gate's browser could not
// be reached) says nothing about the deploy, so the test runs once more. A test that
// passes on its retry is flaky: a pass with a warning that names the first
// error. A product failure is never retried.

// runWithRetry runs a test and, after a retryable error, once more.
func (r *run) runWithRetry(ctx context.Context, t string) *report.Suite {
	s := r.runTest(ctx, t)
	why := retryable(s)
	if why == "" || ctx.Err() != nil {
		return s
	}
	r.live(t, "↻", "retrying once after an infrastructure error: "+r.redact(why))
	r.reviveBrowsers(ctx)
	again := r.runTest(ctx, t)
	if !passed(again) {
		return again
	}
	for i := range again.Cases {
		again.Cases[i].Flaky = why
	}
	again.SetProperty("flaky", "passed on its retry; the first attempt ended with: "+why)
	r.markSuite(again)
	return again
}

// retryable is the first retryable error of a suite with no failure, or "".
func retryable(s *report.Suite) string {
	why := ""
	for _, c := range s.Cases {
		switch {
		case c.Status == report.Failed:
			return ""
		case c.Status == report.Errored && c.Retryable && why == "":
			why = fmt.Sprintf("%s: %s", c.Name, report.FirstLine(c.Message))
		}
	}
	return why
}
