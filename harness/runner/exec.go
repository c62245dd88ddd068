package runner

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/smokegate/smokegate/harness/report"
	"github.com/smokegate/smokegate/harness/testjson"
)

// binaryFlags go before Options.Args, which may override them: what go
// test passes its test binaries (-test.v=test2json frames the events).
var binaryFlags = []string{"-test.v=test2json", "-test.paniconexit0", "-test.timeout=10m0s"}

// stopGrace is how long a test binary has to end after an interrupt.
const stopGrace = 10 * time.Second

// runTest runs one test binary through test2json, prints its live lines
// and builds its suite from the stream alone. A binary that reported no
// case (it crashed, or could not start) becomes a gate error with the
// tail of its output.
func (r *run) runTest(ctx context.Context, t string) *report.Suite {
	evidence := filepath.Join(r.reportDir, "evidence", t)
	if err := os.MkdirAll(evidence, 0o755); err != nil {
		return r.crashed(t, err, "")
	}
	args := append([]string{"-t", "-p", r.pkg(t), testBinary(r.opts.BinDir, r.rb.Name, t)}, binaryFlags...)
	// Each test's evidence goes in its t.ArtifactDir, under the run's folder.
	args = append(args, "-test.artifacts", "-test.outputdir="+evidence)
	args = append(args, r.opts.Args...)
	cmd := exec.CommandContext(ctx, filepath.Join(r.opts.BinDir, test2json), args...)
	cmd.Dir, cmd.Env = r.root, r.environ()
	interruptGroup(cmd, stopGrace)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err == nil {
		err = cmd.Start()
	}
	if err != nil {
		return r.crashed(t, err, stderr.String())
	}
	pkg, readErr := testjson.Read(stdout, r.onEvent)
	_, _ = io.Copy(io.Discard, stdout) // after a read error, so the binary is not stuck writing
	exitErr := cmd.Wait()              // a failing test exits non-zero; the suite tells why
	output := pkg.Output + stderr.String()
	if readErr != nil {
		return r.undecided(t, "reading the test binary's stream: "+readErr.Error(), output)
	}
	s := r.suiteOf(t, pkg)
	if cut(pkg) || len(pkg.Tests) == 0 && exitErr != nil {
		return r.crashed(t, nil, output)
	}
	if bad := r.checkFuncs(t, s, ended(pkg), output); bad != nil {
		return bad
	}
	if exitErr != nil && !failedCase(s) {
		return r.undecided(t, fmt.Sprintf("the test binary ended with %v but its stream reports no failure (a panic or a crash after the tests?)", exitErr), output)
	}
	r.markSuite(s)
	return s
}

// suiteOf is the suite of test t from its binary's stream: a case per
// top-level test that reported one, the properties they reported.
func (r *run) suiteOf(t string, pkg *testjson.Package) *report.Suite {
	s := &report.Suite{Name: t, Package: r.pkg(t), Start: pkg.Start, Time: pkg.End.Sub(pkg.Start)}
	for _, tt := range pkg.Tests {
		c, ok := tt.Case()
		if !ok {
			continue
		}
		s.Cases = append(s.Cases, c)
		for _, p := range tt.Properties() {
			s.SetProperty(p.Name, p.Value)
		}
	}
	return s
}

// cut reports whether a test started and neither ended nor reported a
// case: the binary died under it.
func cut(pkg *testjson.Package) bool {
	for _, tt := range pkg.Tests {
		if _, ok := tt.Case(); !ok && tt.Action == "" {
			return true
		}
	}
	return false
}

// ended is how each top-level test ended: "pass", "fail", "skip", or ""
// when it did not.
func ended(pkg *testjson.Package) map[string]string {
	out := map[string]string{}
	for _, tt := range pkg.Tests {
		out[tt.Name] = tt.Action
	}
	return out
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
	msg := "the test binary reported no result: it crashed or could not start (see the output)"
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
