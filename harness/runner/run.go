package gate

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/report"
)

type runner struct {
	opts      Options
	cfg       *config.Config
	reportDir string
	env       []string
	outMu     sync.Mutex
}

// runAll runs health, then the rest, and returns a suite per test in
// runbook order.
func (r *runner) runAll(ctx context.Context, tests []string) []*report.Suite {
	suites := map[string]*report.Suite{}
	rest := tests
	if len(tests) > 0 && tests[0] == "health" {
		suites["health"] = r.runPackages(ctx, []string{"health"})["health"]
		rest = tests[1:]
		if !passed(suites["health"]) {
			r.notRun(suites, rest, "health")
			rest = nil
		}
	}
	switch {
	case len(rest) == 0:
	case r.cfg.FailFast:
		for i, t := range rest {
			suites[t] = r.runPackages(ctx, []string{t})[t]
			if !passed(suites[t]) {
				r.notRun(suites, rest[i+1:], t)
				break
			}
		}
	default:
		for t, s := range r.runPackages(ctx, rest) {
			suites[t] = s
		}
	}
	return inOrder(suites, tests)
}

// inOrder lists the suites of tests in that order.
func inOrder(suites map[string]*report.Suite, tests []string) []*report.Suite {
	out := make([]*report.Suite, 0, len(tests))
	for _, t := range tests {
		out = append(out, suites[t])
	}
	return out
}

func passed(s *report.Suite) bool {
	for _, c := range s.Cases {
		if c.Status == report.Failed || c.Status == report.Errored || c.Blocking {
			return false
		}
	}
	return len(s.Cases) > 0
}

// notRun reports tests left out because an earlier one failed: skipped,
// with the cause, and not blocking (the failure already decides).
func (r *runner) notRun(suites map[string]*report.Suite, tests []string, cause string) {
	for _, t := range tests {
		suites[t] = &report.Suite{Name: t, Package: "smoke/" + t, Start: r.opts.Now(), Cases: []report.Case{{
			Name: t, Status: report.Skipped, Message: "not run: " + cause + " failed",
		}}}
		r.live(t, "-", "not run: "+cause+" failed")
	}
}

// runPackages runs `go test -json` on the named smoke packages and reads
// back each package's suite. A package that left no suite (it did not
// build, or crashed) becomes a gate error with the tail of its output.
func (r *runner) runPackages(ctx context.Context, tests []string) map[string]*report.Suite {
	args := []string{"test", "-json", "-count=1"}
	if len(tests) > 1 {
		args = append(args, "-p", "4")
	}
	args = append(args, r.opts.GoTest...)
	for _, t := range tests {
		args = append(args, "./smoke/"+t)
	}
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir, cmd.Env = r.opts.Root, r.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	outputs := map[string]*strings.Builder{}
	if err == nil {
		err = cmd.Start()
	}
	if err == nil {
		r.stream(stdout, outputs)
		_ = cmd.Wait() // a failing test exits non-zero; the suites tell why
	}
	suites := map[string]*report.Suite{}
	for _, t := range tests {
		s, readErr := report.ReadJSON(filepath.Join(r.reportDir, "suites", t+".json"))
		if readErr != nil {
			s = r.crashed(t, err, outputs[t], stderr.String())
		}
		suites[t] = s
	}
	return suites
}

func (r *runner) crashed(t string, runErr error, out *strings.Builder, stderr string) *report.Suite {
	detail := stderr
	if out != nil {
		detail = out.String() + stderr
	}
	msg := "the smoke package left no result: it did not build or it crashed (see the output)"
	if runErr != nil {
		msg = "could not run go test: " + runErr.Error()
	}
	r.live(t, "!", msg)
	return &report.Suite{Name: t, Package: "smoke/" + t, Start: r.opts.Now(), Cases: []report.Case{{
		Name: t, Status: report.Errored, Message: msg, Detail: tail(detail, 4000),
	}}}
}

type event struct {
	Action  string
	Package string
	Test    string
	Elapsed float64
	Output  string
}

// stream prints one live line per top-level test as it ends.
func (r *runner) stream(rd interface{ Read([]byte) (int, error) }, outputs map[string]*strings.Builder) {
	sc := bufio.NewScanner(rd)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var ev event
		if json.Unmarshal(sc.Bytes(), &ev) != nil {
			continue
		}
		name := filepath.Base(ev.Package)
		if ev.Action == "output" {
			if outputs[name] == nil {
				outputs[name] = &strings.Builder{}
			}
			outputs[name].WriteString(ev.Output)
			continue
		}
		if ev.Test == "" || strings.Contains(ev.Test, "/") {
			continue
		}
		took := report.Round(time.Duration(ev.Elapsed * float64(time.Second))).String()
		if ev.Elapsed == 0 {
			took = "<10ms" // go test reports elapsed times in hundredths
		}
		switch ev.Action {
		case "pass":
			r.live(name+"/"+ev.Test, "✓", took)
		case "fail":
			r.live(name+"/"+ev.Test, "✗", took)
		case "skip":
			r.live(name+"/"+ev.Test, "-", "skipped")
		}
	}
}

func (r *runner) live(name, mark, what string) {
	r.outMu.Lock()
	defer r.outMu.Unlock()
	fmt.Fprintf(r.opts.Out, "  %s %-40s %s\n", mark, name, what)
}

// listTests returns the smoke packages that exist, in runbook order;
// unknown ones go last, by name.
func listTests(ctx context.Context, root string) ([]string, error) {
	cmd := exec.CommandContext(ctx, "go", "list", "./smoke/...")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("list the smoke packages (go list ./smoke/...): %w", err)
	}
	var tests []string
	for _, line := range strings.Fields(string(out)) {
		if name := filepath.Base(line); filepath.Base(filepath.Dir(line)) == "smoke" {
			tests = append(tests, name)
		}
	}
	rank := func(t string) int {
		if i := slices.Index(config.Tests, t); i >= 0 {
			return i
		}
		return len(config.Tests)
	}
	slices.SortStableFunc(tests, func(a, b string) int {
		if d := rank(a) - rank(b); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	if len(tests) == 0 {
		return nil, fmt.Errorf("no smoke packages under ./smoke")
	}
	return tests, nil
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}
