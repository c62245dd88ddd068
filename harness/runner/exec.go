package runner

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/smokegate/smokegate/harness/report"
)

// binaryFlags go before Options.Args, which may override them: what go
// test passes its test binaries (-test.v=test2json frames the events).
var binaryFlags = []string{"-test.v=test2json", "-test.paniconexit0", "-test.timeout=10m0s"}

// stopGrace is how long a test binary has to end after an interrupt.
const stopGrace = 10 * time.Second

// runTest runs one test binary through test2json, prints its live lines
// and reads back the suite it wrote. A binary that left no suite (it
// crashed, or could not start) becomes a gate error with the tail of its
// output.
func (r *run) runTest(ctx context.Context, t string) *report.Suite {
	args := append([]string{"-t", "-p", r.pkg(t), testBinary(r.opts.BinDir, r.rb.Name, t)}, binaryFlags...)
	args = append(args, r.opts.Args...)
	cmd := exec.CommandContext(ctx, filepath.Join(r.opts.BinDir, test2json), args...)
	cmd.Dir, cmd.Env = r.root, r.environ()
	interruptGroup(cmd, stopGrace)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	var output string
	var ended map[string]string
	if err == nil {
		err = cmd.Start()
	}
	var exitErr error
	if err == nil {
		output, ended = r.stream(stdout)
		exitErr = cmd.Wait() // a failing test exits non-zero; the suite tells why
	}
	s, readErr := report.ReadJSON(filepath.Join(r.reportDir, "suites", t+".json"))
	if readErr != nil {
		return r.crashed(t, err, output+stderr.String())
	}
	if bad := r.checkFuncs(t, s, ended, output+stderr.String()); bad != nil {
		return bad
	}
	if exitErr != nil && !failedCase(s) {
		return r.undecided(t, fmt.Sprintf("the test binary ended with %v but its report holds no failure (a panic or a crash after the tests?)", exitErr), output+stderr.String())
	}
	r.markSuite(s)
	return s
}

// failedCase tells whether the suite explains a non-zero exit.
func failedCase(s *report.Suite) bool {
	for _, c := range s.Cases {
		if c.Status == report.Failed || c.Status == report.Errored {
			return true
		}
	}
	return false
}

// undecided is a suite that leaves the gate undecided: a gate error with
// the reason and the tail of the binary's output.
func (r *run) undecided(t, msg, output string) *report.Suite {
	r.live(t, "!", msg)
	return &report.Suite{Name: t, Package: r.pkg(t), Start: r.opts.Now(), Cases: []report.Case{{
		Name: t, Status: report.Errored, Message: msg, Detail: r.redact(tail(output, 4000)),
	}}}
}

func (r *run) crashed(t string, runErr error, output string) *report.Suite {
	msg := "the test binary left no result: it crashed or could not start (see the output)"
	if runErr != nil {
		msg = fmt.Sprintf("could not run %s: %v", testBinary(r.opts.BinDir, r.rb.Name, t), runErr)
	}
	return r.undecided(t, msg, output)
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}
