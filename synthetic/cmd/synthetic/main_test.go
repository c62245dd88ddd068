package main

import (
	"strings"
	"testing"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/synthetic"
	"github.com/smokegate/smokegate/synthetic/schedule"
)

func TestExitCode(t *testing.T) {
	const P, F, E, K = synthetic.Pass, synthetic.Fail, synthetic.Error, synthetic.Flaky
	tests := []struct {
		name    string
		results []synthetic.Result
		want    int
	}{
		{"all pass", []synthetic.Result{P, K}, 0},
		{"a failure decides", []synthetic.Result{E, F, P}, 1},
		{"an error without failure", []synthetic.Result{P, E}, 2},
	}
	for _, tc := range tests {
		var os []synthetic.Outcome
		for _, r := range tc.results {
			os = append(os, synthetic.Outcome{Result: r})
		}
		if got := exitCode(os); got != tc.want {
			t.Errorf("%s: exit %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestPick(t *testing.T) {
	s := schedule.Default()
	if got, err := pick(s, nil); err != nil || len(got) != 2 {
		t.Errorf("no names: %v, %v; want every check", got, err)
	}
	if got, err := pick(s, []string{"full"}); err != nil || len(got) != 1 || got[0].Name != "full" {
		t.Errorf("full: %v, %v", got, err)
	}
	if _, err := pick(s, []string{"helth"}); err == nil || !strings.Contains(err.Error(), "it has: health, full") {
		t.Errorf("an unknown check: %v, want an error listing the checks", err)
	}
}

func TestRedactor(t *testing.T) {
	r := redactor(config.RedactShapes, []string{"https://hooks.slack.com/services/T0/B0/XYZSECRET"})
	got := r("post to https://hooks.slack.com/services/T0/B0/XYZSECRET failed; Bearer abcdefghijkl")
	if strings.Contains(got, "XYZSECRET") || strings.Contains(got, "abcdefghijkl") {
		t.Errorf("redacted: %s", got)
	}
}

func TestReportLink(t *testing.T) {
	a := &app{common: common{sched: &schedule.File{Reports: "/r", StatusURL: "https://status.example"}}}
	o := synthetic.Outcome{ReportDir: "/r/synthetic/health/20260310T120000Z-sabcd"}
	if got, want := a.reportLink(o), "https://status.example/reports/health/20260310T120000Z-sabcd/summary.md"; got != want {
		t.Errorf("link %s, want %s", got, want)
	}
	a.sched.StatusURL = ""
	if got := a.reportLink(o); got != o.ReportDir {
		t.Errorf("without status_url: %s, want the folder", got)
	}
}
