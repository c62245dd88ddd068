package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/smokegate/smokegate/harness/report"
)

func TestSpreadOf(t *testing.T) {
	tests := []struct {
		name string
		xs   []float64
		want spread
	}{
		{"none", nil, spread{}},
		{"one", []float64{3}, spread{3, 3, 3}},
		{"odd count, unsorted", []float64{5, 1, 3}, spread{1, 3, 5}},
		{"even count: mean of the middle two", []float64{4, 1, 2, 10}, spread{1, 3, 10}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := spreadOf(tc.xs); got != tc.want {
				t.Errorf("spreadOf(%v) = %+v, want %+v", tc.xs, got, tc.want)
			}
		})
	}
}

func TestParsePPID(t *testing.T) {
	tests := []struct {
		name   string
		stat   string
		want   int
		wantOK bool
	}{
		{"plain", "42 (chromium) S 7 42 42 0 -1", 7, true},
		{"comm with spaces and parentheses", "43 (Web Content (x)) R 42 1 1", 42, true},
		{"truncated", "44 (x) S", 0, false},
		{"garbage", "no stat here", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parsePPID(tc.stat)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("parsePPID = %d %v, want %d %v", got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

// The tree under the bench holds every descendant once, and nothing of the
// standalone sandbox's subtree.
func TestDescendants(t *testing.T) {
	ps := parents{
		1:  0,  // init: not in the tree
		10: 1,  // the bench
		11: 10, // the gate
		12: 11, // a test binary
		13: 12, // its Chromium
		14: 10, // an orphan the bench inherited
		20: 10, // the standalone sandbox
		21: 20,
	}
	got := descendants(ps, 10, map[int]bool{20: true})
	slices.Sort(got)
	if want := []int{11, 12, 13, 14}; !slices.Equal(got, want) {
		t.Errorf("descendants = %v, want %v", got, want)
	}
}

// residentBytes reads a live process, and 0 for one that is gone.
func TestResidentBytes(t *testing.T) {
	if rss := residentBytes(os.Getpid()); rss < 1<<20 {
		t.Errorf("residentBytes(self) = %d, want at least 1 MiB", rss)
	}
	if rss := residentBytes(-1); rss != 0 {
		t.Errorf("residentBytes of no process = %d, want 0", rss)
	}
}

func TestJUnitTimes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "junit.xml")
	suites := []*report.Suite{
		{Name: "health", Cases: []report.Case{{Name: "TestHealth", Status: report.Passed, Time: 20 * time.Millisecond}}},
		{Name: "quota", Cases: []report.Case{{Name: "TestQuotaReset", Status: report.Failed, Time: 1500 * time.Millisecond}}},
	}
	if err := report.WriteJUnit(path, "smokegate", suites); err != nil {
		t.Fatal(err)
	}
	keys, secs, err := junitTimes(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 || keys[0] != "health/TestHealth" || keys[1] != "quota/TestQuotaReset" || secs["quota/TestQuotaReset"] != 1.5 {
		t.Errorf("junitTimes = %v %v, want health then quota with 1.5 s", keys, secs)
	}
}
