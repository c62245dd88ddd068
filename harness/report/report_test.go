package report

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/report")

var golden = filepath.Join("..", "..", "testdata", "report")

func sampleSuites() []*Suite {
	start := time.Date(2026, 11, 23, 1, 2, 3, 0, time.UTC)
	return []*Suite{
		{Name: "health", Package: "smoke/health", Start: start, Time: 40 * time.Millisecond,
			Properties: []Property{{"target", "remote"}, {"api.url", "https://api.example"}, {"deploy.version", "1.4.2"}},
			Cases:      []Case{{Name: "TestHealth", Status: Passed, Time: 12 * time.Millisecond, Budget: 5 * time.Second, Steps: []string{"    0s  GET /api/health"}}}},
		{Name: "quota", Package: "smoke/quota", Start: start, Time: 2 * time.Second,
			Cases: []Case{{Name: "TestQuotaReset", Status: Failed, Time: 1500 * time.Millisecond, Budget: 5 * time.Second,
				Message:  `usageCount is 7, want 0 — check the quota middleware | and the cron`,
				Detail:   "GET /api/usage\n<response body>",
				Evidence: []string{"reports/evidence/quota/TestQuotaReset/API-exchanges.txt"}}}},
		{Name: "history", Package: "smoke/history", Start: start, Time: 5 * time.Second,
			Cases: []Case{{Name: "TestHistory", Status: Passed, Time: 4800 * time.Millisecond, Overhead: 1500 * time.Millisecond, Budget: 5 * time.Second}}},
		{Name: "extension", Package: "smoke/extension", Start: start, Time: 12 * time.Second,
			Cases: []Case{{Name: "TestOptimizeAndSave", Status: Passed, Time: 11 * time.Second, Budget: 10 * time.Second,
				Warning: "took 11s, over the runbook's budget of 10s, but the target was within every limit (optimize.extension 80ms (limit 3s)): the machine was slow"}}},
		{Name: "billing", Package: "smoke/billing", Start: start,
			Cases: []Case{{Name: "TestUpgrade", Status: Errored, Message: "Chromium crashed & restarted"}}},
		{Name: "signup", Package: "smoke/signup", Start: start,
			Cases: []Case{{Name: "signup", Status: Skipped, Message: "not run: health failed"}}},
	}
}

func TestGolden(t *testing.T) {
	suites := sampleSuites()
	xmlOut, err := JUnit("smokegate", suites)
	if err != nil {
		t.Fatal(err)
	}
	summary := []byte(Summary(Decide(suites), suites))
	for name, got := range map[string][]byte{"junit.golden.xml": xmlOut, "summary.golden.md": summary} {
		path := filepath.Join(golden, name)
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("read %s (run go test -update to create it): %v", path, err)
		}
		if string(want) != string(got) {
			t.Errorf("%s differs (go test ./harness/report -update rewrites it):\n--- want\n%s\n--- got\n%s", name, want, got)
		}
	}
}

// The JUnit the gate writes must validate against the Jenkins schema.
func TestJUnitValidatesAgainstSchema(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Fatal("xmllint not found: install libxml2-utils (make setup does)")
	}
	xmlOut, err := JUnit("smokegate", sampleSuites())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "junit.xml")
	if err := os.WriteFile(path, xmlOut, 0o644); err != nil {
		t.Fatal(err)
	}
	xsd := filepath.Join("..", "..", "testdata", "junit", "jenkins-junit.xsd")
	if out, err := exec.Command(xmllint, "--noout", "--schema", xsd, path).CombinedOutput(); err != nil {
		t.Fatalf("schema validation failed: %v\n%s", err, out)
	}
}

func TestDecide(t *testing.T) {
	pass := Case{Name: "A", Status: Passed}
	tests := []struct {
		name     string
		cases    []Case
		wantCode int
		wantLine string
	}{
		{"all pass", []Case{pass, pass}, ExitPass, "GATE PASS 2/2"},
		{"a failure means roll back", []Case{pass, {Name: "B", Status: Failed, Message: "status 503\nmore"}}, ExitFail, "GATE FAIL: s/B: status 503 (roll back)"},
		{"failure wins over an error", []Case{{Name: "E", Status: Errored, Message: "x"}, {Name: "F", Status: Failed, Message: "y"}}, ExitFail, "GATE FAIL: s/F: y (roll back)"},
		{"an error is undecided", []Case{pass, {Name: "E", Status: Errored, Message: "no browser"}}, ExitUndecided, "GATE ERROR: s/E: no browser (the gate could not decide: fix the gate or its configuration and run it again)"},
		{"a blocking skip is undecided", []Case{{Name: "K", Status: Skipped, Blocking: true, Message: "not configured"}}, ExitUndecided, "GATE ERROR: s/K: not configured (the gate could not decide: fix the gate or its configuration and run it again)"},
		{"an optional skip passes", []Case{pass, {Name: "K", Status: Skipped}}, ExitPass, "GATE PASS 1/2 (1 optional skipped)"},
		{"nothing ran", nil, ExitUndecided, "GATE ERROR: no smoke test ran"},
		{"over budget on a slow machine still passes", []Case{pass, {Name: "W", Status: Passed, Warning: "took 6s, budget 5s"}}, ExitPass,
			"GATE PASS 2/2 (1 over budget on a slow machine: see the warnings)"},
		{"a warning does not soften a failure", []Case{{Name: "W", Status: Passed, Warning: "slow"}, {Name: "F", Status: Failed, Message: "y"}}, ExitFail,
			"GATE FAIL: s/F: y (roll back)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := Decide([]*Suite{{Name: "s", Cases: tc.cases}})
			if v.Code != tc.wantCode || v.Line != tc.wantLine {
				t.Errorf("Decide = %d %q, want %d %q", v.Code, v.Line, tc.wantCode, tc.wantLine)
			}
		})
	}
}
