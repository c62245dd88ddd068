package scheduler

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/smokegate/smokegate/synthetic"
	"github.com/smokegate/smokegate/synthetic/schedule"
)

// recorder counts what the scheduler did, and how many runs were in
// progress at once, per check and for the browser checks together.
type recorder struct {
	mu               sync.Mutex
	running          map[string]int
	maxRunning       map[string]int
	browserNow       int
	maxBrowser       int
	finished, missed map[string]int
	idleWhileRunning int
	idles            int
	outcomes         []synthetic.Outcome
	deadlines        map[string]time.Duration
	browserOf        map[string]bool
}

func newRecorder(checks []schedule.Check) *recorder {
	r := &recorder{running: map[string]int{}, maxRunning: map[string]int{}, finished: map[string]int{},
		missed: map[string]int{}, deadlines: map[string]time.Duration{}, browserOf: map[string]bool{}}
	for _, c := range checks {
		r.browserOf[c.Name] = c.Browser
	}
	return r
}

// run is a check that takes d, or ends early with an error when its
// context does.
func (r *recorder) run(d time.Duration) func(context.Context, schedule.Check) synthetic.Outcome {
	return func(ctx context.Context, c schedule.Check) synthetic.Outcome {
		r.enter(c)
		defer r.leave(c)
		if dl, ok := ctx.Deadline(); ok {
			r.mu.Lock()
			r.deadlines[c.Name] = time.Until(dl)
			r.mu.Unlock()
		}
		select {
		case <-time.After(d):
			return synthetic.Outcome{Check: c.Name, Result: synthetic.Pass}
		case <-ctx.Done():
			return synthetic.Outcome{Check: c.Name, Result: synthetic.Error, Message: ctx.Err().Error()}
		}
	}
}

func (r *recorder) enter(c schedule.Check) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.running[c.Name]++
	r.maxRunning[c.Name] = max(r.maxRunning[c.Name], r.running[c.Name])
	if c.Browser {
		r.browserNow++
		r.maxBrowser = max(r.maxBrowser, r.browserNow)
	}
}

func (r *recorder) leave(c schedule.Check) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.running[c.Name]--
	if c.Browser {
		r.browserNow--
	}
}

func (r *recorder) scheduler(checks []schedule.Check, run func(context.Context, schedule.Check) synthetic.Outcome) *Scheduler {
	return &Scheduler{
		Checks: checks, Run: run, Grace: time.Second,
		Finished: func(o synthetic.Outcome) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.finished[o.Check]++
			r.outcomes = append(r.outcomes, o)
		},
		Missed: func(check string) { r.mu.Lock(); r.missed[check]++; r.mu.Unlock() },
		Idle: func() {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.idles++
			for _, n := range r.running {
				r.idleWhileRunning += n
			}
		},
	}
}

func serveFor(s *Scheduler, d time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	s.Serve(ctx)
}

func TestNoOverlapAndMissedSlots(t *testing.T) {
	checks := []schedule.Check{{Name: "slow", Every: 20 * time.Millisecond, Deadline: time.Second}}
	r := newRecorder(checks)
	serveFor(r.scheduler(checks, r.run(70*time.Millisecond)), 400*time.Millisecond)
	if r.maxRunning["slow"] != 1 {
		t.Errorf("at most %d runs of one check at once, want 1", r.maxRunning["slow"])
	}
	// 20 slots in 400 ms; a run takes 70 ms, so about 3 of every 4 slots
	// find the previous run going.
	if r.missed["slow"] < 8 || r.finished["slow"] < 3 {
		t.Errorf("missed %d slots and finished %d runs; want most slots missed and a few runs", r.missed["slow"], r.finished["slow"])
	}
	if r.finished["slow"]+r.missed["slow"] > 21 {
		t.Errorf("%d runs and %d missed slots in 20 slots: slots were queued", r.finished["slow"], r.missed["slow"])
	}
}

func TestBrowserChecksNeverOverlap(t *testing.T) {
	checks := []schedule.Check{
		{Name: "a", Every: 10 * time.Millisecond, Deadline: time.Second, Browser: true},
		{Name: "b", Every: 10 * time.Millisecond, Deadline: time.Second, Browser: true},
		{Name: "health", Every: 5 * time.Millisecond, Deadline: time.Second},
	}
	r := newRecorder(checks)
	serveFor(r.scheduler(checks, r.run(15*time.Millisecond)), 300*time.Millisecond)
	if r.maxBrowser != 1 {
		t.Errorf("%d browser checks ran at once, want 1", r.maxBrowser)
	}
	if r.finished["a"] == 0 || r.finished["b"] == 0 || r.finished["health"] == 0 {
		t.Errorf("finished runs %v: every check should have run", r.finished)
	}
}

func TestDeadlinePerRun(t *testing.T) {
	checks := []schedule.Check{{Name: "hang", Every: time.Hour, Deadline: 30 * time.Millisecond}}
	r := newRecorder(checks)
	serveFor(r.scheduler(checks, r.run(time.Hour)), 200*time.Millisecond)
	if len(r.outcomes) != 1 || r.outcomes[0].Result != synthetic.Error {
		t.Fatalf("outcomes %+v, want one error at the deadline", r.outcomes)
	}
	if d := r.deadlines["hang"]; d <= 0 || d > 30*time.Millisecond {
		t.Errorf("the run's context had %s left, want the check's 30ms deadline", d)
	}
}

func TestShutdown(t *testing.T) {
	tests := []struct {
		name       string
		runTakes   time.Duration
		grace      time.Duration
		wantResult synthetic.Result
	}{
		{"a run in progress finishes within the grace", 150 * time.Millisecond, time.Second, synthetic.Pass},
		{"a run past the grace is cancelled and recorded", time.Hour, 50 * time.Millisecond, synthetic.Error},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checks := []schedule.Check{{Name: "full", Every: time.Hour, Deadline: 2 * time.Hour}}
			r := newRecorder(checks)
			s := r.scheduler(checks, r.run(tc.runTakes))
			s.Grace = tc.grace
			start := time.Now()
			serveFor(s, 50*time.Millisecond) // the first slot starts at once
			took := time.Since(start)
			if len(r.outcomes) != 1 || r.outcomes[0].Result != tc.wantResult {
				t.Fatalf("outcomes %+v, want one %s", r.outcomes, tc.wantResult)
			}
			if took > 50*time.Millisecond+tc.grace+500*time.Millisecond {
				t.Errorf("Serve returned after %s, later than the grace allows", took)
			}
		})
	}
}

func TestIdleOnlyWhenNoRunIsInProgress(t *testing.T) {
	checks := []schedule.Check{
		{Name: "a", Every: 7 * time.Millisecond, Deadline: time.Second},
		{Name: "b", Every: 11 * time.Millisecond, Deadline: time.Second},
	}
	r := newRecorder(checks)
	serveFor(r.scheduler(checks, r.run(5*time.Millisecond)), 300*time.Millisecond)
	if r.idles == 0 {
		t.Error("Idle was never called")
	}
	if r.idleWhileRunning > 0 {
		t.Errorf("Idle ran while %d runs were in progress", r.idleWhileRunning)
	}
}

func TestJitterBounds(t *testing.T) {
	var asked atomic.Int64
	s := &Scheduler{MaxJitter: 10 * time.Second, Rand: func(n int64) int64 { asked.Store(n); return n - 1 }}
	tests := []struct {
		every, want time.Duration
	}{
		{time.Minute, 6 * time.Second},       // every/10
		{15 * time.Minute, 10 * time.Second}, // MaxJitter
	}
	for _, tc := range tests {
		s.jitter(tc.every)
		if got := time.Duration(asked.Load()); got != tc.want {
			t.Errorf("every %s: jitter up to %s, want %s", tc.every, got, tc.want)
		}
	}
}

// A check with a time of day runs at that time whenever the runner
// started; one without starts at once.
func TestFirstSlot(t *testing.T) {
	daily := schedule.Check{Every: 24 * time.Hour, At: 3*time.Hour + 30*time.Minute, HasAt: true}
	hourly := schedule.Check{Every: time.Hour, At: 10 * time.Minute, HasAt: true}
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		now  string
		c    schedule.Check
		want string
	}{
		{"2026-12-01T01:00:00Z", daily, "2026-12-01T03:30:00Z"},
		{"2026-12-01T04:00:00Z", daily, "2026-12-02T03:30:00Z"},
		{"2026-12-01T03:30:00Z", daily, "2026-12-01T03:30:00Z"},
		{"2026-12-01T04:20:00Z", hourly, "2026-12-01T05:10:00Z"},
		{"2026-12-01T04:05:00Z", hourly, "2026-12-01T04:10:00Z"},
		{"2026-12-01T04:05:00Z", schedule.Check{Every: time.Minute}, "2026-12-01T04:05:00Z"},
	}
	for _, tc := range tests {
		if got := tc.c.First(at(tc.now)); !got.Equal(at(tc.want)) {
			t.Errorf("First(%s, every %s at %s) = %s, want %s", tc.now, tc.c.Every, tc.c.At, got.Format(time.RFC3339), tc.want)
		}
	}
}
