package harness

import (
	"context"
	"time"

	"github.com/smokegate/smokegate/harness/report"
)

// cleanupTimeout bounds one cleanup step; it runs on a context of its own,
// since the test's may have ended (timeout, SIGTERM).
const cleanupTimeout = 10 * time.Second

// Cleanup runs f when the test ends, pass or fail, with a context of its
// own (the test's may be over). what names the data f removes; when f
// fails, the test's output and the run's summary list it as left behind,
// with the sweep command that removes it later. It is not a verdict.
func (s *S) Cleanup(what string, f func(ctx context.Context) error) {
	s.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
		defer cancel()
		if err := f(ctx); err != nil {
			s.left(what, err)
		}
	})
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
