package main

import (
	"slices"
	"testing"
)

// smokegate sweep takes -runbook out of the flags and hands the rest to
// the runbook's sweeper.
func TestRunbookArg(t *testing.T) {
	tests := []struct {
		args     []string
		wantName string
		wantRest []string
		wantErr  bool
	}{
		{[]string{"-run", "r1"}, "", []string{"-run", "r1"}, false},
		{[]string{"-runbook", "manuscript", "-run", "r1"}, "manuscript", []string{"-run", "r1"}, false},
		{[]string{"-dry-run", "--runbook=manuscript"}, "manuscript", []string{"-dry-run"}, false},
		{[]string{"-run", "r1", "-runbook"}, "", nil, true},
	}
	for _, tc := range tests {
		name, rest, err := runbookArg(tc.args)
		if name != tc.wantName || !slices.Equal(rest, tc.wantRest) || (err != nil) != tc.wantErr {
			t.Errorf("runbookArg(%q) = %q %q %v; want %q %q error %v", tc.args, name, rest, err, tc.wantName, tc.wantRest, tc.wantErr)
		}
	}
}
