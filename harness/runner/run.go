package runner

import (
	"context"
	"slices"
	"sync"

	"github.com/smokegate/smokegate/harness/report"
)

// runAll runs the runbook's first check (health) alone while the shared
// browser starts, then the rest
// with that browser, and returns a suite per test in runbook order.
func (r *run) runAll(ctx context.Context, all []string, sbs []*sharedBrowser) []*report.Suite {
	suites := map[string]*report.Suite{}
	tests := r.skipReadOnly(suites, all)
	rest := tests
	if first := r.rb.Checks[0].Test; len(tests) > 0 && tests[0] == first {
		suites[first] = r.runWithRetry(ctx, first)
		rest = tests[1:]
		if !passed(suites[first]) {
			r.notRun(suites, rest, stopReason(first, suites[first]))
			rest = nil
		}
	}
	if len(rest) > 0 {
		r.useBrowsers(sbs)
	}
	if r.cfg.FailFast { // one by one: the checks a test is after ran before it, and passed, or the run stopped
		for i, t := range rest {
			suites[t] = r.runWithRetry(ctx, t)
			if !passed(suites[t]) {
				r.notRun(suites, rest[i+1:], stopReason(t, suites[t]))
				break
			}
		}
		return inOrder(suites, all)
	}
	for t, s := range r.runTests(ctx, rest) {
		suites[t] = s
	}
	return inOrder(suites, all)
}

// runnable lists the tests that will run: in read-only mode, those that
// change nothing on the target.
func (r *run) runnable(tests []string) []string {
	var out []string
	for _, t := range tests {
		if chk, _ := r.rb.Check(t); r.cfg.ReadOnlySkip(chk) == "" {
			out = append(out, t)
		}
	}
	return out
}

// skipReadOnly reports, in read-only mode, the tests that write as skipped
// for that reason, and returns the others.
func (r *run) skipReadOnly(suites map[string]*report.Suite, tests []string) []string {
	for _, t := range tests {
		if chk, _ := r.rb.Check(t); r.cfg.ReadOnlySkip(chk) != "" {
			why := r.cfg.ReadOnlySkip(chk)
			suites[t] = &report.Suite{Name: t, Package: r.pkg(t), Start: r.opts.Now(), Cases: []report.Case{{
				Name: t, Status: report.Skipped, Message: why,
			}}}
			r.live(t, "-", "skipped: "+why)
		}
	}
	return r.runnable(tests)
}

// runTests runs tests at most Options.Parallel at a time, started in the
// order given. A test whose check lists others under after first waits,
// holding no slot, until those of them in tests have ended (they come
// earlier, so they have started); when one did not pass, the test is
// reported not run instead, as notRun does. Later tests wait behind it,
// so the starting order stays the runbook's.
func (r *run) runTests(ctx context.Context, tests []string) map[string]*report.Suite {
	sch := newSchedule(tests)
	var wg sync.WaitGroup
	slots := make(chan struct{}, r.opts.Parallel)
	for _, t := range tests {
		if cause := sch.await(r.after(t)); cause != "" {
			sch.end(t, r.notRunSuite(t, cause), cause)
			continue
		}
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			s := r.runWithRetry(ctx, t)
			sch.end(t, s, stopReason(t, s))
		})
	}
	wg.Wait()
	return sch.suites
}

// after lists the checks the test's check depends on (runbook after).
func (r *run) after(t string) []string {
	chk, _ := r.rb.Check(t)
	return chk.After
}

// stopReason says why the tests after t do not run: "t failed", or "t
// ended in a gate error" (so that a gate error is not read as a product
// failure); "" when t passed.
func stopReason(t string, s *report.Suite) string {
	switch {
	case passed(s):
		return ""
	case slices.ContainsFunc(s.Cases, func(c report.Case) bool { return c.Status == report.Failed }):
		return t + " failed"
	}
	return t + " ended in a gate error"
}

// schedule follows the tests of one runTests call as they end: their
// suites and, for each, why the tests depending on it do not run: its own
// stopReason when it did not pass, the reason it was not run itself, ""
// when it passed (a skip that does not block counts as passed).
type schedule struct {
	done   map[string]chan struct{} // closed when the test has ended; not changed after newSchedule
	mu     sync.Mutex
	suites map[string]*report.Suite
	cause  map[string]string
}

// newSchedule is the schedule of tests, none of them ended.
func newSchedule(tests []string) *schedule {
	sch := &schedule{done: map[string]chan struct{}{}, suites: map[string]*report.Suite{}, cause: map[string]string{}}
	for _, t := range tests {
		sch.done[t] = make(chan struct{})
	}
	return sch
}

// end records how t ended and wakes the tests waiting for it.
func (sch *schedule) end(t string, s *report.Suite, cause string) {
	sch.mu.Lock()
	sch.suites[t], sch.cause[t] = s, cause
	sch.mu.Unlock()
	close(sch.done[t])
}

// await waits until each of deps has ended and returns the failed check
// that keeps a test depending on them from running, or "". A dependency
// that is not part of the schedule (skipped in read-only mode, not
// selected, or the first check, which passed) does not hold it back.
func (sch *schedule) await(deps []string) string {
	for _, d := range deps {
		ch, ok := sch.done[d]
		if !ok {
			continue
		}
		<-ch
		sch.mu.Lock()
		cause := sch.cause[d]
		sch.mu.Unlock()
		if cause != "" {
			return cause
		}
	}
	return ""
}

// inOrder lists the suites of tests in that order.
func inOrder(suites map[string]*report.Suite, tests []string) []*report.Suite {
	out := make([]*report.Suite, 0, len(tests))
	for _, t := range tests {
		out = append(out, suites[t])
	}
	return out
}

func passed(s *report.Suite) bool {
	for _, c := range s.Cases {
		if c.Status == report.Failed || c.Status == report.Errored || c.Blocking {
			return false
		}
	}
	return len(s.Cases) > 0
}

// notRun reports tests left out because an earlier one did not pass
// (why, from stopReason): skipped, and not blocking (that check's outcome
// already decides).
func (r *run) notRun(suites map[string]*report.Suite, tests []string, why string) {
	for _, t := range tests {
		suites[t] = r.notRunSuite(t, why)
	}
}

// notRunSuite is the suite of a test left out for why, whose line it
// prints.
func (r *run) notRunSuite(t, why string) *report.Suite {
	why = "not run: " + why
	s := &report.Suite{Name: t, Package: r.pkg(t), Start: r.opts.Now(), Cases: []report.Case{{
		Name: t, Status: report.Skipped, Message: why,
	}}}
	r.live(t, "-", why)
	return s
}
