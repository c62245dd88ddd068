package probe

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/report"
	"github.com/smokegate/smokegate/harness/runner"
	"github.com/smokegate/smokegate/synthetic"
	"github.com/smokegate/smokegate/synthetic/schedule"
)

// Prober runs checks. Its fields are fixed for the runner's life; each
// Run reads the gate's configuration anew (so a changed .env applies from
// the next run on).
type Prober struct {
	BinDir  string   // bin/, as make build leaves it
	Root    string   // folder of .env and .env.<SMOKE_ENV>
	Env     []string // the environment of every run; default os.Environ()
	Reports string   // root of the reports (schedule.File.Reports), absolute
	// Starters, by runbook name, start that runbook's own sandbox, for
	// SMOKE_TARGET=sandbox (fixtures/products.Starters).
	Starters map[string]runner.StartSandbox
	Redact   func(string) string // masks what the schedule holds (webhook URLs); may be nil
	Now      func() time.Time    // default time.Now
	Log      io.Writer           // one line per run; default io.Discard
}

// Dir is the report folder of one run:
// <reports>/synthetic/<check>/<UTC time>-<run id>.
func Dir(reports, check string, start time.Time, runID string) string {
	return filepath.Join(reports, "synthetic", check, start.UTC().Format("20060102T150405Z")+"-"+runID)
}

// Run runs the check once, and again up to its retries while it fails.
// The context's deadline is the check's; a run cut short by it, or by the
// context's cancellation, is an error that says so.
func (p *Prober) Run(ctx context.Context, c schedule.Check) synthetic.Outcome {
	ctx, cancel := context.WithTimeout(ctx, c.Deadline)
	defer cancel()
	var o synthetic.Outcome
	for attempt := 1; attempt <= 1+c.Retries; attempt++ {
		o = p.attempt(ctx, c)
		o.Attempts = attempt
		if o.Result != synthetic.Fail || ctx.Err() != nil {
			break
		}
	}
	if o.Attempts > 1 && o.Result == synthetic.Pass {
		o.Result = synthetic.Flaky
	}
	return o
}

// attempt is one run of the gate's runner.
func (p *Prober) attempt(ctx context.Context, c schedule.Check) synthetic.Outcome {
	now := p.now()
	start := now()
	runID := NewRunID(start)
	dir := Dir(p.Reports, c.Name, start, runID)
	o := synthetic.Outcome{Check: c.Name, RunID: runID, Start: start, ReportDir: dir, Target: p.Target()}
	tmp, err := p.prepare(dir)
	if err != nil {
		return p.failed(o, now, err)
	}
	defer os.RemoveAll(tmp)
	var out bytes.Buffer
	res := runner.Run(ctx, runner.Options{
		BinDir: p.BinDir, Root: p.Root, Runbook: c.Runbook, Tests: c.Tests, RunDir: dir, Starters: p.Starters, Out: &out, Now: now,
		Env: config.SetEnv(p.env(), map[string]string{"SMOKE_RUN_ID": runID, "TMPDIR": tmp}),
	})
	o.Duration = now().Sub(start)
	fill(&o, res, p.redact)
	if err := writeLog(dir, out.Bytes()); err != nil {
		fmt.Fprintln(p.log(), "synthetic:", err)
	}
	if ctx.Err() != nil {
		o.Result, o.Code = synthetic.Error, report.ExitUndecided
		o.Message = interruption(ctx, c)
		o.Line = "GATE ERROR: " + o.Message
	}
	fmt.Fprintf(p.log(), "synthetic: %s run %s: %s (%s)\n", c.Name, runID, o.Line, o.Duration.Round(time.Millisecond))
	return o
}

// prepare makes the check's report folder and a temporary folder for the
// run's test binaries. The run's own folder is left to the runner, which
// takes only a new or empty one.
func (p *Prober) prepare(dir string) (string, error) {
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", fmt.Errorf("create the report folder (check reports in synthetic.yml): %w", err)
	}
	tmp, err := os.MkdirTemp("", "synthetic-run-")
	if err != nil {
		return "", fmt.Errorf("create the run's temporary folder (check TMPDIR): %w", err)
	}
	return tmp, nil
}

// LogFile is the runner's live lines, kept in the run's folder.
const LogFile = "runner.log"

// writeLog keeps the runner's output (already redacted) with the run's
// reports; the folder is made if the runner stopped before making it.
func writeLog(dir string, b []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("keep the run's log: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, LogFile), b, 0o644); err != nil {
		return fmt.Errorf("keep the run's log: %w", err)
	}
	return nil
}

func (p *Prober) failed(o synthetic.Outcome, now func() time.Time, err error) synthetic.Outcome {
	o.Duration = now().Sub(o.Start)
	o.Result, o.Code = synthetic.Error, report.ExitUndecided
	o.Message = p.redact(err.Error())
	o.Line = "GATE ERROR: " + o.Message
	return o
}

// interruption says why a run was cut short.
func interruption(ctx context.Context, c schedule.Check) string {
	if errors.Is(context.Cause(ctx), context.DeadlineExceeded) {
		return fmt.Sprintf("the run took longer than its deadline (%s for check %s): the tests were stopped; raise deadline in synthetic.yml if the target is only slow", c.Deadline, c.Name)
	}
	return "the run was cancelled (the runner is shutting down): the tests were stopped and cleaned up"
}

// Target names what the checks run against, for the metrics' target
// label: the API URL, or "sandbox".
func (p *Prober) Target() string {
	cfg, err := config.Load(config.Source{Dir: p.Root, Lookup: config.LookupIn(p.env()), Runbooks: filepath.Join(p.BinDir, "smoke")})
	if err != nil || cfg.Target == config.Sandbox {
		return string(config.Sandbox)
	}
	return cfg.APIURL
}

// NewRunID is a run id the gate accepts (SMOKE_RUN_ID: 4 to 20 lowercase
// letters and digits): "s", base-36 seconds, four random base-36 digits.
func NewRunID(now time.Time) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	var sb strings.Builder
	sb.WriteString("s" + strconv.FormatInt(now.Unix(), 36))
	for _, x := range b {
		sb.WriteString(strconv.FormatInt(int64(x%36), 36))
	}
	return sb.String()
}

func (p *Prober) now() func() time.Time {
	if p.Now == nil {
		return time.Now
	}
	return p.Now
}

func (p *Prober) env() []string {
	if p.Env == nil {
		return os.Environ()
	}
	return p.Env
}

func (p *Prober) log() io.Writer {
	if p.Log == nil {
		return io.Discard
	}
	return p.Log
}

func (p *Prober) redact(s string) string {
	if p.Redact == nil {
		return config.RedactShapes(s)
	}
	return p.Redact(s)
}
