package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smokegate/smokegate/harness/report"
	"github.com/smokegate/smokegate/harness/testjson"
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

func TestStreamTimes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.jsonl")
	var lines []string
	for _, tc := range []struct {
		pkg, fn string
		took    time.Duration
	}{{"smoke/promptlens/health", "TestHealth", 20 * time.Millisecond}, {"smoke/promptlens/quota", "TestQuotaReset", 1500 * time.Millisecond}} {
		for _, a := range report.CaseAttrs(report.Case{Status: report.Passed, Time: tc.took}) {
			b, _ := json.Marshal(testjson.Event{Action: "attr", Package: tc.pkg, Test: tc.fn, Key: a.Key, Value: a.Value})
			lines = append(lines, string(b))
		}
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	keys, secs, err := streamTimes(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 || keys[0] != "health/TestHealth" || keys[1] != "quota/TestQuotaReset" || secs["quota/TestQuotaReset"] != 1.5 {
		t.Errorf("streamTimes = %v %v, want health then quota with 1.5 s", keys, secs)
	}
}
