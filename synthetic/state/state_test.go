package state

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smokegate/smokegate/synthetic"
)

func TestTransitions(t *testing.T) {
	const F, P, E, K = synthetic.Fail, synthetic.Pass, synthetic.Error, synthetic.Flaky
	tests := []struct {
		name            string
		results         []synthetic.Result
		wantChanges     []Change
		wantConsecutive int
	}{
		{"two failures are not yet failing", []synthetic.Result{F, F}, []Change{"", ""}, 2},
		{"the third failure is", []synthetic.Result{F, F, F}, []Change{"", "", NowFailing}, 3},
		{"said once while the state holds", []synthetic.Result{F, F, F, F, F}, []Change{"", "", NowFailing, "", ""}, 5},
		{"a pass recovers, once", []synthetic.Result{F, F, F, P, P}, []Change{"", "", NowFailing, Recovered, ""}, 0},
		{"a pass on retry recovers", []synthetic.Result{F, F, F, K}, []Change{"", "", NowFailing, Recovered}, 0},
		{"a pass in between starts the count again", []synthetic.Result{F, F, P, F, F}, []Change{"", "", "", "", ""}, 2},
		{"an error neither counts nor resets", []synthetic.Result{F, E, F, E, F}, []Change{"", "", "", "", NowFailing}, 3},
		{"an error does not recover", []synthetic.Result{F, F, F, E}, []Change{"", "", NowFailing, ""}, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := New("", 3, []Spec{{Name: "health"}})
			var consecutive int
			for i, r := range tc.results {
				var got Change
				got, consecutive = s.Record(synthetic.Outcome{Check: "health", Result: r}, false)
				if got != tc.wantChanges[i] {
					t.Errorf("run %d (%s): change %q, want %q", i+1, r, got, tc.wantChanges[i])
				}
			}
			if consecutive != tc.wantConsecutive {
				t.Errorf("consecutive failures %d, want %d", consecutive, tc.wantConsecutive)
			}
		})
	}
}

func TestSaveLoadAndHistoryBound(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	s := New(path, 1, []Spec{{Name: "health"}, {Name: "full"}})
	for i := 0; i < History+5; i++ {
		s.Record(synthetic.Outcome{Check: "health", Result: synthetic.Pass, RunID: "r" + string(rune('a'+i%26))}, false)
	}
	s.Record(synthetic.Outcome{Check: "full", Result: synthetic.Fail, Message: "history/TestHistory: 500"}, false)
	s.Missed("full")
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	again := New(path, 1, []Spec{{Name: "full"}, {Name: "health"}})
	if err := again.Load(); err != nil {
		t.Fatal(err)
	}
	snap := again.Snapshot()
	if len(snap) != 2 || snap[0].Name != "full" {
		t.Fatalf("snapshot %+v, want full then health", snap)
	}
	full, health := snap[0], snap[1]
	if !full.Failing || full.Missed != 1 || full.LastFailure == nil || full.LastFailure.Message != "history/TestHistory: 500" {
		t.Errorf("full after reload: %+v", full)
	}
	if len(health.Runs) != History {
		t.Errorf("health keeps %d runs, want %d", len(health.Runs), History)
	}
}

// A maintenance window counts failures but changes no state: still
// failing after it, the check becomes failing at its next failure;
// recovered within it, nobody hears of it.
func TestMuted(t *testing.T) {
	const F, P = synthetic.Fail, synthetic.Pass
	tests := []struct {
		name        string
		results     []synthetic.Result
		muted       []bool
		wantChanges []Change
	}{
		{"down through the window, then failing", []synthetic.Result{F, F, F, F}, []bool{true, true, true, false}, []Change{"", "", "", NowFailing}},
		{"recovered within it: silent", []synthetic.Result{F, F, F, P, P}, []bool{true, true, true, true, false}, []Change{"", "", "", "", ""}},
		{"failing before it: no recovery until it ends", []synthetic.Result{F, F, F, P, P}, []bool{false, false, false, true, false}, []Change{"", "", NowFailing, "", Recovered}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := New("", 3, []Spec{{Name: "api"}})
			for i, r := range tc.results {
				if got, _ := s.Record(synthetic.Outcome{Check: "api", Result: r}, tc.muted[i]); got != tc.wantChanges[i] {
					t.Errorf("run %d (%s, muted %v): change %q, want %q", i+1, r, tc.muted[i], got, tc.wantChanges[i])
				}
			}
		})
	}
}

// A check's own after_failures wins over the store's.
func TestPerCheckThreshold(t *testing.T) {
	s := New("", 3, []Spec{{Name: "health", AfterFailures: 2}, {Name: "full"}})
	for i, want := range []Change{"", NowFailing} {
		if got, _ := s.Record(synthetic.Outcome{Check: "health", Result: synthetic.Fail}, false); got != want {
			t.Errorf("health run %d: %q, want %q", i+1, got, want)
		}
	}
	for i, want := range []Change{"", "", NowFailing} {
		if got, _ := s.Record(synthetic.Outcome{Check: "full", Result: synthetic.Fail}, false); got != want {
			t.Errorf("full run %d: %q, want %q", i+1, got, want)
		}
	}
}

func TestOverBudget(t *testing.T) {
	s := New("", 3, []Spec{{Name: "full"}})
	run := func(history time.Duration, billingSkipped bool) {
		billing := synthetic.TestResult{Name: "billing", Status: "passed", Time: time.Second, Budget: 20 * time.Second}
		if billingSkipped {
			billing.Status = "skipped"
		}
		s.Record(synthetic.Outcome{Check: "full", Result: synthetic.Pass, Tests: []synthetic.TestResult{
			{Name: "history", Status: "passed", Time: history, Budget: 5 * time.Second}, billing}}, false)
	}
	for _, d := range []time.Duration{9, 9, 9, 1, 1, 9, 1} { // oldest first
		run(d*time.Second, d == 9)
	}
	got := s.OverBudget("full", 5) // the last five: 9 1 1 9 1
	if got["history"] != 0.4 {
		t.Errorf("history over budget in %v of its last 5 runs, want 0.4", got["history"])
	}
	if got["billing"] != 0 {
		t.Errorf("billing %v, want 0 (skipped runs do not count)", got["billing"])
	}
}

func TestLastSuccess(t *testing.T) {
	s := New("", 3, []Spec{{Name: "backups"}})
	t0 := time.Date(2026, 12, 1, 3, 30, 0, 0, time.UTC)
	s.Record(synthetic.Outcome{Check: "backups", Result: synthetic.Pass, Start: t0, Duration: time.Second}, false)
	s.Record(synthetic.Outcome{Check: "backups", Result: synthetic.Fail, Start: t0.Add(24 * time.Hour)}, false)
	if got := s.Snapshot()[0].LastSuccess; !got.Equal(t0.Add(time.Second)) {
		t.Errorf("last success %s, want %s (the failure after it does not move it)", got, t0.Add(time.Second))
	}
}

// FuzzLoad: no state.json makes Load panic; a file it refuses says to
// delete it.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(`[{"name":"health","runs":[{"check":"health","result":"fail"}],"consecutiveFailures":3,"failing":true}]`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"name":"health"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(t.TempDir(), "state.json")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		s := New(path, 3, []Spec{{Name: "health"}})
		if err := s.Load(); err != nil && !strings.Contains(err.Error(), "delete it") {
			t.Fatalf("error without advice: %v", err)
		}
		s.Record(synthetic.Outcome{Check: "health", Result: synthetic.Fail}, false)
		_ = s.OverBudget("health", 5)
	})
}
