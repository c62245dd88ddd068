package main

import (
	"context"
	"sync"
	"time"

	"github.com/smokegate/smokegate/synthetic"
	"github.com/smokegate/smokegate/synthetic/delivery"
	"github.com/smokegate/smokegate/synthetic/schedule"
)

// claims keeps one run per check at a time: a scheduled run waits for a
// run-now of the same check, and a run-now is refused (409) while a run
// of the check is going. Two runs of one check would share its test
// accounts and its state.
type claims struct {
	mu    sync.Mutex
	busy  map[string]time.Time // check -> since
	freed *sync.Cond
}

// claim takes check for one run; with wait false it fails with a
// *delivery.BusyError when the check is taken, else it waits.
func (a *app) claim(check string, wait bool) (release func(), err error) {
	c := &a.claims
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.busy == nil {
		c.busy, c.freed = map[string]time.Time{}, sync.NewCond(&c.mu)
	}
	for {
		since, taken := c.busy[check]
		if !taken {
			break
		}
		if !wait {
			return nil, &delivery.BusyError{Check: check, Since: since}
		}
		c.freed.Wait()
	}
	c.busy[check] = time.Now()
	return func() {
		c.mu.Lock()
		delete(c.busy, check)
		c.mu.Unlock()
		c.freed.Broadcast()
	}, nil
}

// scheduled is a scheduled run: it waits for a run-now of the same check.
func (a *app) scheduled(ctx context.Context, c schedule.Check) synthetic.Outcome {
	release, _ := a.claim(c.Name, true)
	defer release()
	return a.prober.Run(ctx, c)
}
