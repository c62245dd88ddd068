package state

import (
	"path/filepath"
	"testing"

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
				got, consecutive = s.Record(synthetic.Outcome{Check: "health", Result: r})
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
		s.Record(synthetic.Outcome{Check: "health", Result: synthetic.Pass, RunID: "r" + string(rune('a'+i%26))})
	}
	s.Record(synthetic.Outcome{Check: "full", Result: synthetic.Fail, Message: "history/TestHistory: 500"})
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
