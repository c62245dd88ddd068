package faultmatrix

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smokegate/smokegate/harness/report"
	"github.com/smokegate/smokegate/harness/runbook"
)

// suite is a one-case suite of check with status and message.
func suite(check string, st report.Status, msg string) *report.Suite {
	return &report.Suite{Name: check, Cases: []report.Case{{Name: check, Status: st, Message: msg}}}
}

func TestJudge(t *testing.T) {
	fail := report.Verdict{Code: report.ExitFail}
	f := Fault{Name: "db-down", Check: "health", Word: "database", Also: []string{"quota"}}
	cases := []struct {
		name   string
		v      report.Verdict
		suites []*report.Suite
		want   Outcome
		why    string
	}{
		{"caught, the rest not run", fail, []*report.Suite{suite("health", report.Failed, "database is disconnected"), suite("signup", report.Skipped, "not run: health failed")}, Caught, "database is disconnected"},
		{"caught, a listed check failed too", fail, []*report.Suite{suite("health", report.Failed, "no database"), suite("quota", report.Failed, "401")}, Caught, "no database"},
		{"missed: the check passed", report.Verdict{}, []*report.Suite{suite("health", report.Passed, "")}, Missed, "health passed"},
		{"missed: another reason", fail, []*report.Suite{suite("health", report.Failed, "timeout")}, Missed, `no "database"`},
		{"missed: skipped", report.Verdict{}, []*report.Suite{suite("health", report.Skipped, "read-only")}, Missed, "was skipped: read-only"},
		{"another check skipped for another reason", fail, []*report.Suite{suite("health", report.Failed, "database down"), suite("quota", report.Skipped, "not configured: set SMOKE_JWT_SECRET")}, Collision, "quota was skipped"},
		{"another check failed", fail, []*report.Suite{suite("health", report.Failed, "database down"), suite("billing", report.Failed, "checkout")}, Collision, "billing: checkout"},
		{"another check's gate error", report.Verdict{Code: 2}, []*report.Suite{suite("health", report.Failed, "database down"), suite("billing", report.Errored, "browser died")}, Undecided, "billing ended in a gate error"},
		{"own gate error", report.Verdict{Code: 2}, []*report.Suite{suite("health", report.Errored, "no config")}, Undecided, "gate error: no config"},
		{"no run at all", report.Verdict{Code: 2, Line: "GATE ERROR: bad .env"}, nil, Undecided, "bad .env"},
		{"check not in the run", fail, []*report.Suite{suite("signup", report.Failed, "x")}, Undecided, "no result for health"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			row := Judge(f, tc.v, tc.suites)
			if row.Outcome != tc.want || !strings.Contains(row.Why, tc.why) {
				t.Errorf("Judge = %s %q, want %s with %q", row.Outcome, row.Why, tc.want, tc.why)
			}
		})
	}
}

func TestCode(t *testing.T) {
	cases := []struct {
		outcomes []Outcome
		want     int
	}{
		{[]Outcome{Caught, Caught}, 0},
		{nil, 0},
		{[]Outcome{Caught, Missed}, 1},
		{[]Outcome{Collision}, 1},
		{[]Outcome{Missed, Undecided, Caught}, 2},
	}
	for _, tc := range cases {
		var rows []Row
		for _, o := range tc.outcomes {
			rows = append(rows, Row{Outcome: o})
		}
		if got := Code(rows); got != tc.want {
			t.Errorf("Code(%v) = %d, want %d", tc.outcomes, got, tc.want)
		}
	}
}

func TestValidate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "runbook.yml")
	yml := "name: p\ntitle: P\nchecks:\n  - test: up\n    funcs: [TestUp]\n    budget: 5s\n  - test: login\n    funcs: [TestLogin]\n    budget: 5s\n"
	if err := os.WriteFile(path, []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	rb, err := runbook.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	good := Fault{Name: "down", Check: "up", Word: "500", Also: []string{"login"}}
	cases := []struct {
		name   string
		faults []Fault
		want   string
	}{
		{"good", []Fault{good}, ""},
		{"unknown check", []Fault{{Name: "x", Check: "upp", Word: "w"}}, `fault x: check "upp" is not in runbook p (up, login)`},
		{"no word", []Fault{{Name: "x", Check: "up"}}, "fault x: no word"},
		{"also itself", []Fault{{Name: "x", Check: "up", Word: "w", Also: []string{"up"}}}, `also "up" is not another check`},
		{"twice", []Fault{good, good}, "fault down is listed twice"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := Validate(tc.faults, rb)
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("Validate = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestPrint(t *testing.T) {
	var b strings.Builder
	Print(&b, []Row{{Fault: Fault{Name: "db-down", Check: "health"}, Outcome: Caught, Failed: []string{"health"}, Why: strings.Repeat("x", 200)}})
	out := b.String()
	for _, want := range []string{"FAULT", "db-down", "health", "caught", "…"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}
