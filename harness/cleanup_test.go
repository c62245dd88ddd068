package harness

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/smokegate/smokegate/harness/report"
)

// A settled cleanup runs once on a pass and twice (a moment apart) when
// the test failed or the run was interrupted; one that fails is listed as
// left behind; after an interrupt, cleanups share a deadline counted from
// the signal.
func TestSettledCleanup(t *testing.T) {
	tests := []struct {
		name           string
		fail           bool
		interrupted    bool
		removeErr      error
		wantRuns       int
		wantLeft       string        // in the suite's cleanup.left property; "" none
		wantDeadlineIn time.Duration // the cleanup's deadline at most this far off
	}{
		{"pass", false, false, nil, 1, "", cleanupTimeout},
		{"failed test", true, false, nil, 2, "", cleanupTimeout},
		{"interrupted run", false, true, nil, 2, "", cleanupBudget},
		{"removal fails", false, false, errors.New("database gone"), 1, "user x", cleanupTimeout},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newTestBinary(t, nil)
			ctx, stop := context.WithCancel(context.Background())
			defer stop()
			r.interrupt = ctx
			runs := 0
			var deadline time.Time
			ft := runFake("TestX", func(ft *fakeT) {
				s := start(ft, r, budgetOf(time.Second))
				s.Cleanup("user x", func(ctx context.Context) error {
					runs++
					deadline, _ = ctx.Deadline()
					return tc.removeErr
				}, Settled)
				if tc.interrupted {
					stop()
				}
				if tc.fail {
					s.Failf("broken")
				}
			})
			if runs != tc.wantRuns {
				t.Errorf("the removal ran %d times, want %d", runs, tc.wantRuns)
			}
			if left := ft.property(report.LeftProperty); (tc.wantLeft == "") != (left == "") || !strings.Contains(left, tc.wantLeft) {
				t.Errorf("left behind %q, want %q", left, tc.wantLeft)
			}
			if d := time.Until(deadline); d > tc.wantDeadlineIn {
				t.Errorf("the cleanup's deadline is %s away, want at most %s", d, tc.wantDeadlineIn)
			}
		})
	}
}
