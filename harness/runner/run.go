package runner

import (
	"context"
	"sync"

	"github.com/smokegate/smokegate/harness/report"
)

// runAll runs the runbook's first check (health) alone while the shared
// browser starts, then the rest
// with that browser, and returns a suite per test in runbook order.
func (r *run) runAll(ctx context.Context, all []string, sb *sharedBrowser) []*report.Suite {
	suites := map[string]*report.Suite{}
	tests := r.skipReadOnly(suites, all)
	rest := tests
	if first := r.rb.Checks[0].Test; len(tests) > 0 && tests[0] == first {
		suites[first] = r.runWithRetry(ctx, first)
		rest = tests[1:]
		if !passed(suites[first]) {
			r.notRun(suites, rest, first)
			rest = nil
		}
	}
	if len(rest) > 0 {
		r.useBrowser(sb)
	}
	if r.cfg.FailFast {
		for i, t := range rest {
			suites[t] = r.runWithRetry(ctx, t)
			if !passed(suites[t]) {
				r.notRun(suites, rest[i+1:], t)
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
// order given.
func (r *run) runTests(ctx context.Context, tests []string) map[string]*report.Suite {
	suites := make(map[string]*report.Suite, len(tests))
	var mu sync.Mutex
	var wg sync.WaitGroup
	slots := make(chan struct{}, r.opts.Parallel)
	for _, t := range tests {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			s := r.runWithRetry(ctx, t)
			mu.Lock()
			suites[t] = s
			mu.Unlock()
		})
	}
	wg.Wait()
	return suites
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

// notRun reports tests left out because an earlier one failed: skipped,
// with the cause, and not blocking (the failure already decides).
func (r *run) notRun(suites map[string]*report.Suite, tests []string, cause string) {
	for _, t := range tests {
		suites[t] = &report.Suite{Name: t, Package: r.pkg(t), Start: r.opts.Now(), Cases: []report.Case{{
			Name: t, Status: report.Skipped, Message: "not run: " + cause + " failed",
		}}}
		r.live(t, "-", "not run: "+cause+" failed")
	}
}
