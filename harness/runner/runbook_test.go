package runner

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smokegate/smokegate/harness/report"
)

// The runbook is the verdict's denominator: what did not run as the
// runbook says is a gate error naming it; a run that is not the whole
// runbook never reads as a deploy verdict; an infrastructure error is
// retried once and a pass on the retry is flaky.
func TestVerdictDenominator(t *testing.T) {
	all := runbookTests
	tests := []struct {
		name     string
		bins     []string
		opts     func(o *Options)
		env      map[string]string
		wantCode int
		wantLine string
	}{
		{"whole runbook", all, nil, nil, report.ExitPass, "GATE PASS 7/7"},
		{"a package deleted", without(all, "quota"), nil, nil, report.ExitUndecided, "smoke/promptlens/quota.test is missing: the promptlens runbook's quota check"},
		{"a package that is no runbook check", append(slices.Clone(all), "extra"), nil, nil, report.ExitUndecided, "extra.test is not a check of the promptlens runbook"},
		{"a test function renamed", all, nil, map[string]string{"FAKE_RENAMED": "history"}, report.ExitUndecided, "smoke/promptlens/history did not run TestHistory, which the runbook requires"},
		{"a test failing before Start", all, nil, map[string]string{"FAKE_EARLY": "billing"}, report.ExitUndecided, "TestStripeUpgrade failed before check.Start"},
		{"-test.run", all, func(o *Options) { o.Args = []string{"-test.run=TestHealth"} }, nil, report.ExitUndecided, "flag -test.run=TestHealth chooses which tests run"},
		{"-skip", all, func(o *Options) { o.Args = []string{"-skip", "X"} }, nil, report.ExitUndecided, "flag -skip chooses which tests run"},
		{"-test.count=2", all, func(o *Options) { o.Args = []string{"-test.count=2"} }, nil, report.ExitUndecided, "repeats the tests"},
		{"a package list", all, func(o *Options) { o.Args = []string{"./smoke/health"} }, nil, report.ExitUndecided, "takes no package or test list"},
		{"a subset", all, func(o *Options) { o.Tests = []string{"health"} }, nil, report.ExitPass, "PARTIAL PASS 1/1: 1 check of the runbook's 7 checks (health); not a deploy verdict"},
		{"a subset failing", all, func(o *Options) { o.Tests = []string{"health", "quota"} }, map[string]string{"FAKE_FAIL": "quota"}, report.ExitFail, "GATE FAIL: quota/TestQuotaReset"},
		{"an unknown test asked for", all, func(o *Options) { o.Tests = []string{"helth"} }, nil, report.ExitUndecided, `"helth" is not a check of the promptlens runbook`},
		{"read-only", all, nil, map[string]string{"SMOKE_READ_ONLY": "1"}, report.ExitPass, "GATE READ-ONLY PASS: 1 of 7 checked; the other 6 write"},
		{"read-only, redirect signup", all, nil, map[string]string{"SMOKE_READ_ONLY": "1", "SMOKE_SIGNUP_MODE": "redirect"}, report.ExitPass, "GATE READ-ONLY PASS: 2 of 7 checked"},
		{"flaky", all, nil, map[string]string{"FAKE_FLAKY": "extension"}, report.ExitPass, "GATE PASS 7/7 (1 flaky: passed on a retry, see the warnings)"},
		{"failure is not retried", all, nil, map[string]string{"FAKE_FAIL": "extension", "FAKE_FLAKY": "history"}, report.ExitFail, "GATE FAIL: extension/TestOptimizeAndSave"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fake := t.TempDir()
			set := map[string]string{"SMOKE_TARGET": "remote", "SMOKE_API_URL": "http://127.0.0.1:9", "SMOKE_OPTIONAL": strings.Join(all, ","), "FAKE_DIR": fake}
			for k, v := range tc.env {
				set[k] = v
			}
			o := Options{BinDir: fakeBin(t, tc.bins...), Root: t.TempDir(), Env: cleanEnv(t.TempDir(), set)}
			if tc.opts != nil {
				tc.opts(&o)
			}
			out, res := runGate(t, o)
			if res.Verdict.Code != tc.wantCode || !strings.Contains(res.Verdict.Line, tc.wantLine) {
				t.Fatalf("exit %d, verdict %q; want %d and %q\n%s", res.Verdict.Code, res.Verdict.Line, tc.wantCode, tc.wantLine, out)
			}
		})
	}
}

func without(list []string, drop string) []string {
	return slices.DeleteFunc(slices.Clone(list), func(s string) bool { return s == drop })
}

// A flaky pass says so in the warnings, the case and the suite property.
func TestFlakyIsShown(t *testing.T) {
	fake := t.TempDir()
	env := cleanEnv(t.TempDir(), map[string]string{"SMOKE_TARGET": "remote", "SMOKE_API_URL": "http://127.0.0.1:9",
		"SMOKE_OPTIONAL": strings.Join(runbookTests, ","), "FAKE_DIR": fake, "FAKE_FLAKY": "quota"})
	out, res := runGate(t, Options{BinDir: fakeBin(t, runbookTests...), Root: t.TempDir(), Env: env})
	var quota *report.Suite
	for _, s := range res.Suites {
		if s.Name == "quota" {
			quota = s
		}
	}
	if quota == nil || quota.Cases[0].Flaky == "" || !strings.Contains(quota.Property("flaky"), "broken") {
		t.Fatalf("the quota suite does not say it was flaky: %+v\n%s", quota, out)
	}
	if len(res.Verdict.Warnings) != 1 || !strings.Contains(res.Verdict.Warnings[0], "quota/TestQuotaReset: flaky") {
		t.Errorf("warnings %q, want one naming quota as flaky", res.Verdict.Warnings)
	}
	if !strings.Contains(out, "↻ quota") || !strings.Contains(out, "warning: quota/TestQuotaReset: flaky") {
		t.Errorf("the live output does not show the retry and the warning:\n%s", out)
	}
}

// Two runs at once in one checkout, one of them failing, each get their
// own folder and their own verdict; latest points at one of them, and old
// run folders are pruned.
func TestConcurrentRunsStayApart(t *testing.T) {
	root, reports := t.TempDir(), t.TempDir()
	bin := fakeBin(t, runbookTests...)
	codes := make([]int, 2)
	dirs := make([]string, 2)
	var wg sync.WaitGroup
	for i, fail := range []string{"", "history"} {
		wg.Go(func() {
			env := cleanEnv(reports, map[string]string{"SMOKE_TARGET": "remote", "SMOKE_API_URL": "http://127.0.0.1:9",
				"SMOKE_OPTIONAL": strings.Join(runbookTests, ","), "FAKE_DIR": t.TempDir(), "FAKE_FAIL": fail})
			_, res := runGate(t, Options{BinDir: bin, Root: root, Env: env})
			codes[i] = res.Verdict.Code
			dirs[i] = filepath.Base(res.ReportDir)
		})
	}
	wg.Wait()
	if codes[0] != report.ExitPass || codes[1] != report.ExitFail {
		t.Fatalf("exit codes %v, want [0 1]", codes)
	}
	entries, _ := filepath.Glob(filepath.Join(reports, "*", "junit.xml"))
	if len(entries) != 3 { // two runs and latest
		t.Errorf("junit files %v, want one per run and latest", entries)
	}
	link, err := os.Readlink(filepath.Join(reports, Latest))
	if err != nil || (link != dirs[0] && link != dirs[1]) {
		t.Errorf("latest -> %q (%v), want one of the runs %v", link, err, dirs)
	}
	for i := range KeepRuns + 3 { // older runs, one named to sort after the real ones
		old := filepath.Join(reports, "zold"+string(rune('a'+i)))
		must(t, report.PrepareDir(old, root, false))
		then := time.Now().Add(-time.Hour)
		must(t, os.Chtimes(old, then, then))
	}
	must(t, pruneRuns(reports, KeepRuns))
	left, _ := filepath.Glob(filepath.Join(reports, "*", report.Marker))
	if len(left) != KeepRuns+1 { // and latest
		t.Errorf("%d run folders left, want %d", len(left), KeepRuns)
	}
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(reports, d)); err != nil {
			t.Errorf("the newest run folder %s was pruned", d)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
