package scheduler

import (
	"context"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/smokegate/smokegate/synthetic"
	"github.com/smokegate/smokegate/synthetic/schedule"
)

// Scheduler runs Checks until its context ends. Run is required; the
// other funcs are optional.
type Scheduler struct {
	Checks    []schedule.Check
	Run       func(ctx context.Context, c schedule.Check) synthetic.Outcome
	Started   func(check string)        // a run begins (after it got the browser)
	Finished  func(o synthetic.Outcome) // a run ended, however
	Missed    func(check string)        // a slot was skipped: the previous run was still going
	Idle      func()                    // no run is in progress; new runs wait until it returns (reaping)
	MaxJitter time.Duration             // a slot starts up to min(MaxJitter, Every/10) late
	Grace     time.Duration             // on shutdown, runs in progress get this long before cancellation
	Rand      func(n int64) int64       // random in [0, n); default math/rand/v2
	Now       func() time.Time          // default time.Now

	browser chan struct{}  // one token: browser checks take it for their run
	active  sync.RWMutex   // each run holds it for reading; Idle runs under the write lock
	runs    sync.WaitGroup // runs in progress
}

// Serve runs the checks until ctx ends, then waits for the runs in
// progress: Grace to finish on their own, then they are cancelled and
// waited for. Every started run is passed to Finished.
func (s *Scheduler) Serve(ctx context.Context) {
	s.browser = make(chan struct{}, 1)
	runsCtx, cancelRuns := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelRuns()
	var loops sync.WaitGroup
	for _, c := range s.Checks {
		loops.Go(func() { s.loop(ctx, runsCtx, c) })
	}
	loops.Wait()
	done := make(chan struct{})
	go func() { s.runs.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(s.Grace):
		cancelRuns()
		<-done
	}
}

// loop starts a run of c at each slot until ctx ends.
func (s *Scheduler) loop(ctx, runsCtx context.Context, c schedule.Check) {
	var running atomic.Bool
	for next := c.First(s.now()); ; next = c.Next(next) {
		slot := next.Add(s.jitter(c.Every))
		t := time.NewTimer(time.Until(slot))
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		if !running.CompareAndSwap(false, true) {
			if s.Missed != nil {
				s.Missed(c.Name)
			}
			continue
		}
		s.runs.Add(1)
		go func() {
			defer s.runs.Done()
			defer running.Store(false)
			s.runOnce(ctx, runsCtx, c)
		}()
	}
}

// runOnce runs c once: it waits for the browser if c needs it (unless the
// runner is shutting down), runs it under its deadline and reports it.
func (s *Scheduler) runOnce(ctx, runsCtx context.Context, c schedule.Check) {
	if c.Browser {
		select {
		case s.browser <- struct{}{}:
			defer func() { <-s.browser }()
		case <-ctx.Done():
			return // not started: nothing to record
		}
	}
	s.active.RLock()
	if s.Started != nil {
		s.Started(c.Name)
	}
	rctx, cancel := context.WithTimeout(runsCtx, c.Deadline)
	o := s.Run(rctx, c)
	cancel()
	s.active.RUnlock()
	if s.Finished != nil {
		s.Finished(o)
	}
	s.idle()
}

// idle calls Idle when no run is in progress, holding new runs back
// until it returns.
func (s *Scheduler) idle() {
	if s.Idle == nil || !s.active.TryLock() {
		return
	}
	defer s.active.Unlock()
	s.Idle()
}

func (s *Scheduler) jitter(every time.Duration) time.Duration {
	limit := min(s.MaxJitter, every/10)
	if limit <= 0 {
		return 0
	}
	if s.Rand != nil {
		return time.Duration(s.Rand(int64(limit)))
	}
	return time.Duration(rand.Int64N(int64(limit)))
}

func (s *Scheduler) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}
