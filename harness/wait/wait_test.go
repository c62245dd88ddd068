package wait

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestFor(t *testing.T) {
	tests := []struct {
		name     string
		probe    Probe[int]
		want     int
		wantErrs []string // all in the error; nil: no error
	}{
		{"done at once", func(context.Context) (int, bool, error) { return 7, true, nil }, 7, nil},
		{"done on the third look", counter(3), 3, nil},
		{"never done names the wait and the last value", func(context.Context) (int, bool, error) { return 42, false, nil }, 42,
			[]string{"the answer", "gave up after", "last seen: 42"}},
		{"an error is the last thing seen", func(context.Context) (int, bool, error) { return 0, false, errors.New("refused") }, 0,
			[]string{"the answer", "last error: refused"}},
		{"the deadline's own error does not hide the last value", func(ctx context.Context) (int, bool, error) {
			if ctx.Err() != nil {
				return 0, false, ctx.Err()
			}
			return 5, false, nil
		}, 5, []string{"last seen: 5"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			got, err := For(ctx, "the answer", tc.probe)
			if got != tc.want {
				t.Errorf("got %d, want %d", got, tc.want)
			}
			if tc.wantErrs == nil {
				if err != nil {
					t.Errorf("err = %v, want none", err)
				}
				return
			}
			if err == nil || !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want a timeout that wraps the deadline", err)
			}
			for _, w := range tc.wantErrs {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err %q lacks %q", err, w)
				}
			}
		})
	}
}

func counter(n int) Probe[int] {
	i := 0
	return func(context.Context) (int, bool, error) { i++; return i, i >= n, nil }
}

// A probe that fails a moment before the deadline (a driver whose own
// timeout is the context's deadline) is the wait running out, not the
// probe's failure: LastError stays nil.
func TestErrorAtTheDeadline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*Interval)
	defer cancel()
	_, err := For(ctx, "the upgrade", func(ctx context.Context) (string, bool, error) {
		if dl, _ := ctx.Deadline(); time.Until(dl) < Interval {
			return "", false, errors.New("i/o timeout")
		}
		return "free", false, nil
	})
	if err == nil || LastError(err) != nil || !strings.Contains(err.Error(), "last seen: free") {
		t.Errorf("For = %v (last error %v), want a timeout that last saw free", err, LastError(err))
	}
}
