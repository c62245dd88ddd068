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
// a verdict. Each option wraps f (Settled).
func (s *S) Cleanup(what string, f func(ctx context.Context) error, opts ...CleanupOption) {
	for _, o := range opts {
		f = o(s, f)
	}
	s.t.Cleanup(func() {
		if err := s.cleanupStep(f); err != nil {
			s.left(what, err)
		}
	})
}

// CleanupOption changes how Cleanup removes what a test made: it wraps
// the removal.
type CleanupOption func(s *S, f func(ctx context.Context) error) func(ctx context.Context) error

func (s *S) cleanupStep(f func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	if at, ok := s.bin.stopped(); ok {
		cancel()
		ctx, cancel = context.WithDeadline(context.Background(), at.Add(cleanupBudget))
	}
	defer cancel()
	return f(ctx)
}

// Settled is the option of a removal that a request cut short could
// undo: when the test failed or the run was interrupted, a request the
// test gave up on may still land on the target after f, so f runs once
// more a moment later (settleTime).
func Settled(s *S, f func(ctx context.Context) error) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		if err := f(ctx); err != nil || !s.cutShort() {
			return err
		}
		select {
		case <-time.After(settleTime):
		case <-ctx.Done():
			return ctx.Err()
		}
		return f(ctx)
	}
}

// cutShort reports whether the test failed or the run was interrupted.
func (s *S) cutShort() bool {
	_, stopped := s.bin.stopped()
	return s.t.Failed() || stopped
}

// settleTime is how long Settled waits for what a request cut
// short may still write.
const settleTime = time.Second

// left records what a cleanup could not remove: on the test's output now,
// and in the suite, for the summary.
func (s *S) left(what string, err error) {
	s.t.Logf("cleanup: %s left behind: %s", what, s.bin.redact(err.Error()))
	if prev := s.props[report.LeftProperty]; prev != "" {
		what = prev + "; " + what
	}
	s.props[report.LeftProperty] = what
}
