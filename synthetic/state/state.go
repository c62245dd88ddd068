package state

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/smokegate/smokegate/synthetic"
)

// History is how many runs of a check the state keeps.
const History = 60

// Check is the state of one check.
type Check struct {
	Name                string              `json:"name"`
	Every               time.Duration       `json:"every"`
	Runs                []synthetic.Outcome `json:"runs"` // oldest first, at most History
	ConsecutiveFailures int                 `json:"consecutiveFailures"`
	Failing             bool                `json:"failing"` // reached the notifier's threshold and not recovered
	Missed              int                 `json:"missed"`  // slots skipped because the previous run was still going
	Running             bool                `json:"-"`
	LastFailure         *synthetic.Outcome  `json:"lastFailure,omitempty"`
	LastSuccess         time.Time           `json:"lastSuccess,omitzero"` // when its last passing run ended
	AfterFailures       int                 `json:"-"`                    // failures in a row that make it failing
}

// Last is the check's latest run, if any.
func (c *Check) Last() (synthetic.Outcome, bool) {
	if len(c.Runs) == 0 {
		return synthetic.Outcome{}, false
	}
	return c.Runs[len(c.Runs)-1], true
}

// Change is what a run changed in a check's state.
type Change string

const (
	Unchanged  Change = ""
	NowFailing Change = "failing"   // consecutive failures reached the threshold
	Recovered  Change = "recovered" // a failing check passed
	Deployed   Change = "deployed"  // a deploy window closed: how the deploy went
)

// Store holds the state of every check; safe for concurrent use.
type Store struct {
	mu            sync.Mutex
	saveMu        sync.Mutex // one Save at a time: they share the temporary file
	path          string
	afterFailures int
	checks        map[string]*Check
	order         []string
}

// Spec names a check, its period and its threshold, for New.
type Spec struct {
	Name          string
	Every         time.Duration
	AfterFailures int // failures in a row that make it failing; 0: the store's
}

// New is an empty store of the given checks, saved at path ("" keeps it in
// memory). A check becomes failing after its AfterFailures (default
// afterFailures) failures in a row.
func New(path string, afterFailures int, checks []Spec) *Store {
	s := &Store{path: path, afterFailures: max(1, afterFailures), checks: map[string]*Check{}}
	for _, c := range checks {
		s.checks[c.Name] = &Check{Name: c.Name, Every: c.Every, AfterFailures: c.AfterFailures}
		s.order = append(s.order, c.Name)
	}
	return s
}

// Load reads the saved state of the store's checks; checks no longer
// scheduled are dropped, a missing file is no error.
func (s *Store) Load() error {
	b, err := os.ReadFile(s.path)
	if s.path == "" || errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read the runner's state: %w", err)
	}
	var saved []Check
	if err := json.Unmarshal(b, &saved); err != nil {
		return fmt.Errorf("decode the runner's state %s: %w (delete it to start afresh)", s.path, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range saved {
		if cur, ok := s.checks[c.Name]; ok {
			c.Every, c.AfterFailures = cur.Every, cur.AfterFailures
			*cur = c
		}
	}
	return nil
}

// Save writes the state atomically.
func (s *Store) Save() error {
	if s.path == "" {
		return nil
	}
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	b, err := json.MarshalIndent(s.Snapshot(), "", "  ")
	if err != nil {
		return fmt.Errorf("encode the runner's state: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(s.path), 0o755); err != nil {
		return fmt.Errorf("save the runner's state: %w", err)
	}
	tmp := s.path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return fmt.Errorf("save the runner's state: %w", err)
	}
	return os.Rename(tmp, s.path)
}

// Started marks a check as running.
func (s *Store) Started(name string) { s.with(name, func(c *Check) { c.Running = true }) }

// Missed counts a slot skipped because the previous run was still going.
func (s *Store) Missed(name string) { s.with(name, func(c *Check) { c.Missed++ }) }

// Record adds a run and returns the state change it made and the check's
// consecutive failures after it. A failure counts; a pass (or a pass on
// retry) resets; an error (the gate could not decide) changes neither.
// A muted run (a maintenance window) counts the same but changes no state:
// a check still failing when the window closes becomes failing at its
// next failed run, and one that recovered within it was never failing.
func (s *Store) Record(o synthetic.Outcome, muted bool) (change Change, consecutive int) {
	s.with(o.Check, func(c *Check) {
		c.Running = false
		c.Runs = append(c.Runs, o)
		if len(c.Runs) > History {
			c.Runs = append([]synthetic.Outcome(nil), c.Runs[len(c.Runs)-History:]...)
		}
		switch {
		case o.Result == synthetic.Fail:
			c.ConsecutiveFailures++
			failure := o
			c.LastFailure = &failure
		case o.Success():
			c.ConsecutiveFailures = 0
			c.LastSuccess = o.Start.Add(o.Duration)
		case o.Result == synthetic.Error:
			failure := o
			c.LastFailure = &failure
		}
		threshold := cmp.Or(c.AfterFailures, s.afterFailures)
		switch {
		case muted:
		case !c.Failing && c.ConsecutiveFailures >= threshold:
			c.Failing, change = true, NowFailing
		case c.Failing && o.Success():
			c.Failing, change = false, Recovered
		}
		consecutive = c.ConsecutiveFailures
	})
	return change, consecutive
}

// Get copies one check's state.
func (s *Store) Get(name string) (Check, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.checks[name]
	if !ok {
		return Check{}, false
	}
	cp := *c
	cp.Runs = append([]synthetic.Outcome(nil), c.Runs...)
	return cp, true
}

// Snapshot copies every check's state, in schedule order.
func (s *Store) Snapshot() []Check {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Check, 0, len(s.order))
	for _, name := range s.order {
		c := *s.checks[name]
		c.Runs = append([]synthetic.Outcome(nil), c.Runs...)
		out = append(out, c)
	}
	return out
}

func (s *Store) with(name string, f func(*Check)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.checks[name]
	if !ok {
		c = &Check{Name: name}
		s.checks[name] = c
		s.order = append(s.order, name)
	}
	f(c)
}

// OverBudget is, per test, the share of the check's latest runs that ran
// it (at most n) in which it took longer than its budget.
func (s *Store) OverBudget(name string, n int) map[string]float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.checks[name]
	if !ok {
		return nil
	}
	runs, over := map[string]int{}, map[string]int{}
	for i := len(c.Runs) - 1; i >= 0; i-- {
		for _, t := range c.Runs[i].Tests {
			if t.Status == "skipped" || t.Budget <= 0 || runs[t.Name] >= n {
				continue
			}
			runs[t.Name]++
			if t.Time > t.Budget {
				over[t.Name]++
			}
		}
	}
	out := make(map[string]float64, len(runs))
	for test, r := range runs {
		out[test] = float64(over[test]) / float64(r)
	}
	return out
}
