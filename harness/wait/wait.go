// Package wait is the one polling loop of the harness: it asks a probe
// until the probe is satisfied or the context ends, and a wait that runs
// out says what it waited for and what it saw last.
package wait

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Interval is how often For asks its probe.
const Interval = 50 * time.Millisecond

// Probe looks once: it returns what it saw, whether that is what the wait
// is for, and an error when it could not look.
type Probe[T any] func(ctx context.Context) (seen T, done bool, err error)

// TimeoutError is a wait that ran out: what it waited for, for how long,
// and the last thing the probe saw or the last error it met.
type TimeoutError[T any] struct {
	What    string
	Waited  time.Duration
	Last    T
	LastErr error
	cause   error
}

func (e *TimeoutError[T]) Error() string {
	if e.LastErr != nil {
		return fmt.Sprintf("%s: gave up after %s (last error: %v)", e.What, e.Waited.Round(time.Millisecond), e.LastErr)
	}
	return fmt.Sprintf("%s: gave up after %s (last seen: %v)", e.What, e.Waited.Round(time.Millisecond), e.Last)
}

// Unwrap gives the context's error, so errors.Is(err,
// context.DeadlineExceeded) holds.
func (e *TimeoutError[T]) Unwrap() error { return e.cause }

// For asks probe every Interval until it is done, and returns what it saw
// then. When ctx ends first it returns a *TimeoutError naming what.
func For[T any](ctx context.Context, what string, probe Probe[T]) (T, error) {
	start := time.Now()
	var last T
	var lastErr error
	for {
		seen, done, err := probe(ctx)
		if err == nil && done {
			return seen, nil
		}
		switch {
		case err == nil:
			last, lastErr = seen, nil
		case !nearEnd(ctx): // an error the deadline caused hides what was seen
			lastErr = err
		}
		select {
		case <-ctx.Done():
			return last, &TimeoutError[T]{What: what, Waited: time.Since(start), Last: last, LastErr: lastErr, cause: ctx.Err()}
		case <-time.After(Interval):
		}
	}
}

// nearEnd reports whether ctx has ended or is about to: a client that
// derives its own timeout from the deadline (a database driver's socket
// timeout) can fail a moment before ctx.Err is set, and that failure is
// the wait running out, not the client's.
func nearEnd(ctx context.Context) bool {
	if ctx.Err() != nil {
		return true
	}
	dl, ok := ctx.Deadline()
	return ok && time.Until(dl) < Interval
}

// lastErrorer is every TimeoutError, whatever its type parameter.
type lastErrorer interface{ lastError() error }

func (e *TimeoutError[T]) lastError() error { return e.LastErr }

// LastError is the error the probe met last in a wait that ran out, nil
// when the probe could look each time (what it waited for never came) or
// err is not a wait that ran out. It tells the gate's own access failing
// from the target never doing what was waited for.
func LastError(err error) error {
	var le lastErrorer
	if errors.As(err, &le) {
		return le.lastError()
	}
	return nil
}

// RanOut reports whether err is a wait that ran out (a *TimeoutError).
func RanOut(err error) bool {
	var le lastErrorer
	return errors.As(err, &le)
}
