package runner

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/smokegate/smokegate/harness/report"
)

// fakeRunbook is the runbook of the fake bin folders, testdata/runbook.yml.
const fakeRunbook = "promptlens"

// runbookTests are its tests, in runbook order.
var runbookTests = []string{"health", "signup", "extension", "history", "quota", "billing", "passwordreset"}

// fakeBin is a bin folder whose test2json is testdata/fake-test2json and
// whose test binaries are empty files named after tests.
func fakeBin(t *testing.T, tests ...string) string {
	t.Helper()
	dir := t.TempDir()
	script, err := os.ReadFile(filepath.Join("testdata", "fake-test2json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, test2json), script, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "smoke", fakeRunbook), 0o755); err != nil {
		t.Fatal(err)
	}
	book, err := os.ReadFile(filepath.Join("testdata", "runbook.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "smoke", fakeRunbook, "runbook.yml"), book, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range tests {
		if err := os.WriteFile(testBinary(dir, fakeRunbook, name), nil, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// How the runner schedules the binaries: health alone first, the rest at
// most Parallel at a time in runbook order, one by one with fail-fast, and
// nothing after health fails.
func TestScheduling(t *testing.T) {
	all := runbookTests
	tests := []struct {
		name      string
		parallel  int
		env       map[string]string
		wantCode  int
		wantRun   []string // in start order; nil: compare as a set
		maxAtOnce int
		notRun    []string
	}{
		{"one at a time", 1, nil, report.ExitPass, all, 1, nil},
		{"two at a time", 2, nil, report.ExitPass, nil, 2, nil},
		{"default", 0, nil, report.ExitPass, nil, DefaultParallel(), nil},
		{"health fails", 4, map[string]string{"FAKE_FAIL": "health"}, report.ExitFail, all[:1], 1, all[1:]},
		{"fail fast", 4, map[string]string{"FAKE_FAIL": "extension", "SMOKE_FAIL_FAST": "1"}, report.ExitFail, all[:3], 1, all[3:]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fake := t.TempDir()
			set := map[string]string{"SMOKE_TARGET": "remote", "SMOKE_API_URL": "http://127.0.0.1:9", "SMOKE_OPTIONAL": strings.Join(all, ","), "FAKE_DIR": fake}
			for k, v := range tc.env {
				set[k] = v
			}
			out, res := runGate(t, Options{BinDir: fakeBin(t, all...), Root: t.TempDir(), Parallel: tc.parallel, Env: cleanEnv(t.TempDir(), set)})
			if res.Verdict.Code != tc.wantCode || len(res.Suites) != len(all) {
				t.Fatalf("verdict %q with %d suites; want exit %d and %d suites\n%s", res.Verdict.Line, len(res.Suites), tc.wantCode, len(all), out)
			}
			for i, s := range res.Suites {
				if s.Name != all[i] {
					t.Errorf("suite %d is %s, want %s (runbook order)", i, s.Name, all[i])
				}
			}
			started := lines(t, filepath.Join(fake, "started"))
			if started[0] != "health" || (tc.wantRun != nil && !slices.Equal(started, tc.wantRun)) || len(started) != len(all)-len(tc.notRun) {
				t.Errorf("started %v; want health first, then %v", started, tc.wantRun)
			}
			if peak := maxOf(t, lines(t, filepath.Join(fake, "at-once"))); peak > tc.maxAtOnce || (tc.maxAtOnce > 1 && peak < 2) {
				t.Errorf("%d tests ran at once, want at most %d (and more than one when allowed)", peak, tc.maxAtOnce)
			}
			for _, name := range tc.notRun {
				if !strings.Contains(out, name) || !strings.Contains(out, "not run:") {
					t.Errorf("output does not report %s as not run:\n%s", name, out)
				}
			}
		})
	}
}

func lines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Fields(string(b))
}

func maxOf(t *testing.T, nums []string) int {
	t.Helper()
	peak := 0
	for _, s := range nums {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatal(err)
		}
		peak = max(peak, n)
	}
	return peak
}

// Problems found before any test runs leave the gate undecided, with a
// message that names the file or variable and the fix.
func TestUndecidedBeforeRunning(t *testing.T) {
	tests := []struct {
		name string
		bin  func(t *testing.T) string
		env  map[string]string
		want string
	}{
		{"no bin folder", func(*testing.T) string { return "" }, nil, "no bin folder given"},
		{"no test2json", func(t *testing.T) string { return t.TempDir() }, nil, "test2json is missing: run make build"},
		{"no test binaries", func(t *testing.T) string { return fakeBin(t) }, nil, "health.test is missing"},
		{"no such runbook", func(t *testing.T) string { return fakeBin(t, runbookTests...) }, map[string]string{"SMOKE_RUNBOOK": "shop"}, `is "shop" a runbook?`},
		{"bad configuration", func(t *testing.T) string { return fakeBin(t, "health") }, map[string]string{"SMOKE_TARGET": "staging"}, "SMOKE_TARGET is \"staging\""},
		{"sandbox without a starter", func(t *testing.T) string { return fakeBin(t, runbookTests...) }, map[string]string{"SMOKE_TARGET": "sandbox"}, "has no embedded sandbox; set SMOKE_TARGET=remote"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, res := runGate(t, Options{BinDir: tc.bin(t), Root: t.TempDir(), Env: cleanEnv(t.TempDir(), tc.env)})
			if res.Verdict.Code != report.ExitUndecided || !strings.Contains(res.Verdict.Line, tc.want) || res.Suites != nil {
				t.Errorf("verdict %d %q with %d suites; want exit 2 naming %q and no suites\n%s", res.Verdict.Code, res.Verdict.Line, len(res.Suites), tc.want, out)
			}
		})
	}
}

func TestExplicitTestsNeedTheirBinaries(t *testing.T) {
	_, _, err := findTests(fakeBin(t, "health"), fakeRunbook, []string{"health", "quota"})
	if err == nil || !strings.Contains(err.Error(), filepath.Join("smoke", fakeRunbook, "quota.test")+" is missing") {
		t.Errorf("err = %v, want one naming smoke/quota.test", err)
	}
}

func TestRunbookOrder(t *testing.T) {
	rb, _, err := findTests(fakeBin(t, runbookTests...), fakeRunbook, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := inRunbookOrder(rb, []string{"passwordreset", "quota", "health", "signup"})
	want := []string{"health", "signup", "quota", "passwordreset"}
	if !slices.Equal(got, want) {
		t.Errorf("inRunbookOrder = %v, want %v", got, want)
	}
}

// fakeBinAfter is fakeBin with a runbook whose history check is after
// extension (and read-only, so that a read-only run leaves extension out)
// and whose quota check is after history.
func fakeBinAfter(t *testing.T, tests ...string) string {
	t.Helper()
	bin := fakeBin(t, tests...)
	path := filepath.Join(bin, "smoke", fakeRunbook, "runbook.yml")
	book, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(book), "funcs: [TestHistory]\n", "funcs: [TestHistory]\n    after: [extension]\n    read_only: true\n", 1)
	text = strings.Replace(text, "funcs: [TestQuotaReset]\n", "funcs: [TestQuotaReset]\n    after: [history]\n", 1)
	if !strings.Contains(text, "after: [extension]") || !strings.Contains(text, "after: [history]") {
		t.Fatalf("testdata/runbook.yml changed: could not add after to history and quota:\n%s", text)
	}
	must(t, os.WriteFile(path, []byte(text), 0o644))
	return bin
}

// A check with after waits for those checks and is not run when one of
// them did not pass; one not part of the run does not hold it back.
func TestSchedulingAfter(t *testing.T) {
	all := runbookTests
	tests := []struct {
		name     string
		parallel int
		env      map[string]string
		subset   []string
		wantCode int
		wantLine string
		notRun   map[string]string // test: its message; these must not start
		before   [][2]string       // each pair: the first ends before the second starts
	}{
		{"dependencies pass", 4, nil, nil, report.ExitPass, "GATE PASS 7/7", nil,
			[][2]string{{"extension", "history"}, {"history", "quota"}}},
		{"one slot", 1, nil, nil, report.ExitPass, "GATE PASS 7/7", nil,
			[][2]string{{"extension", "history"}, {"history", "quota"}}},
		{"dependency fails", 4, map[string]string{"FAKE_FAIL": "extension"}, nil, report.ExitFail, "GATE FAIL: extension/TestOptimizeAndSave",
			map[string]string{"history": "not run: extension failed", "quota": "not run: extension failed"}, nil},
		{"dependency ends in a gate error", 4, map[string]string{"FAKE_ERROR": "extension"}, nil, report.ExitUndecided, "GATE ERROR",
			map[string]string{"history": "not run: extension ended in a gate error", "quota": "not run: extension ended in a gate error"}, nil},
		{"second dependency fails", 4, map[string]string{"FAKE_FAIL": "history"}, nil, report.ExitFail, "GATE FAIL: history/TestHistory",
			map[string]string{"quota": "not run: history failed"}, [][2]string{{"extension", "history"}}},
		{"dependency not selected", 4, nil, []string{"health", "history", "quota"}, report.ExitPass, "PARTIAL PASS 3/3", nil,
			[][2]string{{"history", "quota"}}},
		{"dependency skipped read-only", 4, map[string]string{"SMOKE_READ_ONLY": "1"}, nil, report.ExitPass, "GATE READ-ONLY PASS: 2 of 7 checked", nil,
			[][2]string{{"health", "history"}}}, // history ran
		{"fail fast", 4, map[string]string{"FAKE_FAIL": "extension", "SMOKE_FAIL_FAST": "1"}, nil, report.ExitFail, "GATE FAIL: extension/TestOptimizeAndSave",
			map[string]string{"history": "not run: extension failed", "quota": "not run: extension failed"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fake := t.TempDir()
			set := map[string]string{"SMOKE_TARGET": "remote", "SMOKE_API_URL": "http://127.0.0.1:9", "SMOKE_OPTIONAL": strings.Join(all, ","), "FAKE_DIR": fake}
			for k, v := range tc.env {
				set[k] = v
			}
			out, res := runGate(t, Options{BinDir: fakeBinAfter(t, all...), Root: t.TempDir(), Parallel: tc.parallel, Tests: tc.subset, Env: cleanEnv(t.TempDir(), set)})
			if res.Verdict.Code != tc.wantCode || !strings.Contains(res.Verdict.Line, tc.wantLine) {
				t.Fatalf("exit %d, verdict %q; want %d and %q\n%s", res.Verdict.Code, res.Verdict.Line, tc.wantCode, tc.wantLine, out)
			}
			events := lines(t, filepath.Join(fake, "events"))
			for name, msg := range tc.notRun {
				checkNotRun(t, res.Suites, name, msg)
				if slices.Contains(events, name) {
					t.Errorf("%s started, want it not run:\n%s", name, out)
				}
			}
			for _, pair := range tc.before {
				end, start := eventAt(events, "end", pair[0]), eventAt(events, "start", pair[1])
				if end < 0 || start < 0 || start < end {
					t.Errorf("%s started before %s ended (or one did not run): events %v", pair[1], pair[0], events)
				}
			}
		})
	}
}

// checkNotRun wants the suite of name reported skipped with msg, not
// blocking: the failure it waited for decides the verdict.
func checkNotRun(t *testing.T, suites []*report.Suite, name, msg string) {
	t.Helper()
	i := slices.IndexFunc(suites, func(s *report.Suite) bool { return s.Name == name })
	if i < 0 || len(suites[i].Cases) != 1 {
		t.Fatalf("no suite with one case for %s", name)
	}
	if c := suites[i].Cases[0]; c.Status != report.Skipped || c.Message != msg || c.Blocking {
		t.Errorf("%s: %s %q (blocking %v), want skipped %q, not blocking", name, c.Status, c.Message, c.Blocking, msg)
	}
}

// eventAt is the index of "<what> <name>" in the fake's events (one word
// a line after lines), or -1.
func eventAt(events []string, what, name string) int {
	for i := 0; i+1 < len(events); i += 2 {
		if events[i] == what && events[i+1] == name {
			return i
		}
	}
	return -1
}
