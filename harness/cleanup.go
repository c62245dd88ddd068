package harness

import (
	"context"
	"time"

	"github.com/smokegate/smokegate/harness/report"
)

// cleanupTimeout bounds one cleanup step, on a context of its own (the
// test's may have ended).
const cleanupTimeout = 10 * time.Second

// cleanupBudget is the time all of a test's cleanups get together after
// the binary was asked to stop (SIGINT, SIGTERM), counted from then: it
// stays under the runner's grace (10 s), so that the binary still reports
// what the cleanups left.
const cleanupBudget = 7 * time.Second

// Cleanup runs f when the test ends, pass or fail. what names the data f
// removes; when f fails, the test's output and the run's summary list it
// as left behind, with the sweep command that removes it later. It is not
// a verdict.
func (s *S) Cleanup(what string, f func(ctx context.Context) error) {
	s.t.Cleanup(func() {
		if err := s.cleanupStep(f); err != nil {
			s.left(what, err)
		}
	})
}

// Tidy is Cleanup for what no sweep removes (a mail in the mailbox): when
// f fails, the test's output says so, and nothing is listed as left
// behind.
func (s *S) Tidy(what string, f func(ctx context.Context) error) {
	s.t.Cleanup(func() {
		if err := s.cleanupStep(f); err != nil {
			s.t.Logf("cleanup: %s failed: %s", what, s.run.redact(err.Error()))
		}
	})
}

func (s *S) cleanupStep(f func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	if at, ok := s.run.stopped(); ok {
		cancel()
		ctx, cancel = context.WithDeadline(context.Background(), at.Add(cleanupBudget))
	}
	defer cancel()
	return f(ctx)
}

// CutShort reports whether the test failed or the run was interrupted
// (SIGINT, SIGTERM): requests the test gave up on may still land on the
// target after a cleanup, which should then look once more (Settle).
func (s *S) CutShort() bool {
	return s.t.Failed() || (s.run.interrupt != nil && s.run.interrupt.Err() != nil)
}

// settleTime is how long Settle waits.
const settleTime = time.Second

// Settle waits for what a request cut short may still write, or until ctx
// ends.
func Settle(ctx context.Context) error {
	select {
	case <-time.After(settleTime):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// left records what a cleanup could not remove: on the test's output now,
// and in the suite, for the summary.
func (s *S) left(what string, err error) {
	s.t.Logf("cleanup: %s left behind: %s", what, s.run.redact(err.Error()))
	if prev := s.props[report.LeftProperty]; prev != "" {
		what = prev + "; " + what
	}
	s.props[report.LeftProperty] = what
}
