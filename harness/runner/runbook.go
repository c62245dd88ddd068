package runner

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/smokegate/smokegate/harness/report"
	"github.com/smokegate/smokegate/harness/runbook"
)

// The runbook is the verdict's denominator: a deploy verdict needs every
// check of the runbook (smoke/<name>/runbook.yml), each with every test function it lists, to
// have run. What is missing is a gate error that names it, never a
// smaller PASS.

// findTests loads the runbook from the bin folder and checks that the
// folder holds test2json and a binary for each wanted test. With none
// wanted, the tests are the whole runbook: a runbook test without a binary
// and a binary that is no runbook test are both gate errors.
func findTests(binDir, name string, want []string) (*runbook.Runbook, []string, error) {
	if binDir == "" {
		return nil, nil, fmt.Errorf("no bin folder given: pass the folder make build fills (bin)")
	}
	if _, err := os.Stat(filepath.Join(binDir, test2json)); err != nil {
		return nil, nil, fmt.Errorf("%s is missing: run make build (or go build -o %[1]s cmd/test2json)", filepath.Join(binDir, test2json))
	}
	rb, err := runbook.Load(runbook.Path(binDir, name))
	if err != nil {
		return nil, nil, fmt.Errorf("%w (is %q a runbook? SMOKE_RUNBOOK or -runbook names a folder under smoke/)", err, name)
	}
	all := rb.Tests()
	found, _ := filepath.Glob(testBinary(binDir, rb.Name, "*"))
	for _, f := range found {
		t := strings.TrimSuffix(filepath.Base(f), ".test")
		if !slices.Contains(all, t) {
			return nil, nil, fmt.Errorf("%s is not a check of the %s runbook (%s): add it to smoke/%s/runbook.yml, or remove smoke/%[2]s/%[5]s and run make build",
				f, rb.Name, strings.Join(all, ", "), rb.Name, t)
		}
	}
	tests := want
	if len(tests) == 0 {
		tests = all
	}
	for _, t := range tests {
		if !slices.Contains(all, t) {
			return nil, nil, fmt.Errorf("%q is not a check of the %s runbook (%s)", t, rb.Name, strings.Join(all, ", "))
		}
		if _, err := os.Stat(testBinary(binDir, rb.Name, t)); err != nil {
			return nil, nil, fmt.Errorf("%s is missing: the %s runbook's %s check (package smoke/%[2]s/%[3]s) was not built; was the package deleted or renamed? Restore it and run make build",
				testBinary(binDir, rb.Name, t), rb.Name, t)
		}
	}
	return rb, inRunbookOrder(rb, tests), nil
}

// inRunbookOrder sorts tests as the runbook lists them.
func inRunbookOrder(rb *runbook.Runbook, tests []string) []string {
	all := rb.Tests()
	out := slices.Clone(tests)
	slices.SortStableFunc(out, func(a, b string) int { return slices.Index(all, a) - slices.Index(all, b) })
	return out
}

// filterFlags are the test binary flags that choose which tests run; a
// gate run refuses them, as a filtered run is no deploy verdict.
var filterFlags = []string{"run", "skip", "list"}

// checkArgs refuses extra test binary arguments that would filter or
// repeat the runbook's tests, and anything that is not a flag.
func checkArgs(args []string) error {
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			return fmt.Errorf("argument %q: the gate takes no package or test list, it runs the whole runbook; to run one test, use go test ./smoke/<test>", a)
		}
		name, value, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		name = strings.TrimPrefix(name, "test.")
		if name == "count" && value != "1" {
			return fmt.Errorf("flag %s repeats the tests: the gate runs each once and retries an infrastructure error by itself", a)
		}
		if slices.Contains(filterFlags, name) {
			return fmt.Errorf("flag %s chooses which tests run: a filtered run is no deploy verdict, so the gate refuses it; to run one test, use go test ./smoke/<test> -run <name>", a)
		}
	}
	return nil
}

// checkFuncs holds a suite to its runbook check: every test function the
// runbook lists must have a case. ended holds how each top-level test
// ended according to test2json ("pass", "fail", "skip"); a function that
// failed but has no case failed before check.Start, in its own set-up.
// It returns nil when the suite holds, else the gate error that replaces
// it.
func (r *run) checkFuncs(t string, s *report.Suite, ended map[string]string, output string) *report.Suite {
	chk, _ := r.rb.Check(t)
	if len(s.Cases) == 0 && len(ended) == 0 {
		return r.undecided(t, "the test binary ran no test (a -test.run or -test.skip filter?): a gate run must run every test", output)
	}
	has := func(fn string) bool {
		return slices.ContainsFunc(s.Cases, func(c report.Case) bool { return c.Name == fn })
	}
	for fn, how := range ended {
		if how == "fail" && !has(fn) {
			return r.undecided(t, fmt.Sprintf("%s failed before check.Start, in the test's own set-up, so it checked nothing on the target (see the output)", fn), output)
		}
	}
	for _, fn := range chk.Funcs {
		if !has(fn) {
			return r.undecided(t, fmt.Sprintf("%s did not run %s, which the runbook requires: was it renamed or removed? (or filtered out by a -test.run flag)", r.pkg(t), fn), output)
		}
	}
	return nil
}

// qualify keeps a verdict from reading as a full deploy verdict when the
// run was not one: a subset of the runbook (Options.Tests) or a read-only
// run. The exit code stays, so a scheduled check of one test still says
// pass, fail or error.
func (r *run) qualify(v report.Verdict, tests []string, suites []*report.Suite) report.Verdict {
	if v.Code != report.ExitPass {
		return v
	}
	if n := len(r.rb.Checks); len(tests) < n {
		v.Line = fmt.Sprintf("PARTIAL PASS %s: %s of the runbook's %d checks (%s); not a deploy verdict",
			strings.TrimPrefix(v.Line, "GATE PASS "), plural(len(tests), "check"), n, strings.Join(tests, ", "))
	}
	if r.cfg.ReadOnly {
		ran := 0
		for _, s := range suites {
			if !slices.ContainsFunc(s.Cases, func(c report.Case) bool { return c.Status == report.Skipped }) {
				ran++
			}
		}
		v.Line = fmt.Sprintf("GATE READ-ONLY PASS: %d of %d checked; the other %d write to the target and were skipped (SMOKE_READ_ONLY=1); not a full PASS",
			ran, len(suites), len(suites)-ran)
	}
	return v
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
