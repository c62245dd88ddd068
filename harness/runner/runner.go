package runner

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/report"
	"github.com/smokegate/smokegate/harness/runbook"
	"github.com/smokegate/smokegate/harness/sandbox"
)

// StartSandbox starts a product's sandbox (see package sandbox).
type StartSandbox = sandbox.Start

// MaxDefaultParallel caps how many tests run at once after health when
// Options.Parallel is not set: four, as go test -p 4 did, but no more than
// the machine has CPUs. Each test drives its own Chromium, and on two cores
// four at once made the history test miss its budget in every run while
// two or three were no slower.
const MaxDefaultParallel = 4

// DefaultParallel is min(MaxDefaultParallel, the number of CPUs).
func DefaultParallel() int { return max(1, min(MaxDefaultParallel, runtime.NumCPU())) }

// Options configures a run. Only BinDir is required.
type Options struct {
	BinDir    string   // holds test2json and smoke/<test>.test, as make build leaves them
	Root      string   // folder of .env and .env.<SMOKE_ENV>, and of a relative report dir; default "."
	Runbook   string   // the runbook to run (a folder under BinDir/smoke); default SMOKE_RUNBOOK
	Tests     []string // a subset of the runbook to run (a partial run, never a deploy verdict); default: the whole runbook
	Env       []string // environment of the run; default os.Environ()
	Args      []string // extra flags for every test binary, e.g. -test.timeout=5m
	Parallel  int      // tests at once after health; default DefaultParallel()
	ReportDir string   // the report folder; each run writes in <ReportDir>/<run id>; default SMOKE_REPORT_DIR under Root
	// RunDir, when set, is the run's own folder, used as it is: no
	// <run id> folder inside, no latest link, no pruning. A caller that
	// keeps its runs apart itself (the synthetic runner) sets it.
	RunDir string
	Start  StartSandbox // starts the sandbox for SMOKE_TARGET=sandbox; nil makes that target a gate error
	// Starters, by runbook name, start that runbook's own sandbox: each
	// product has its own. A runbook without one here uses the sandbox
	// command beside its test binaries (bin/smoke/<runbook>/sandbox),
	// else Start.
	Starters map[string]StartSandbox
	Out      io.Writer // live lines and the verdict; default io.Discard
	Now      func() time.Time
}

// Result is a run's verdict and the suites it rests on, in runbook order.
// Suites is nil when the gate stopped before any test ran.
type Result struct {
	Verdict report.Verdict
	Suites  []*report.Suite
	// ReportDir is the run's own report folder, empty when the gate
	// stopped before it made one.
	ReportDir string
}

// run is the state of one gate run.
type run struct {
	opts      Options
	cfg       *config.Config
	root      string   // absolute Options.Root
	baseDir   string   // the report folder, absolute
	reportDir string   // this run's folder in it
	tests     []string // the runbook tests of this run, in order
	rb        *runbook.Runbook
	env       []string
	props     map[string]string // set on every suite: what the binaries cannot know
	// interrupted is set when the run was cancelled before every test ended.
	interrupted bool
	redact      func(string) string
	outMu       sync.Mutex // guards Out and events
	// events is the run's events.jsonl (nil before the run's folder is
	// made); eventsErr is set once a write to it failed.
	events    io.WriteCloser
	eventsErr bool
	envMu     sync.Mutex       // guards env, which reviveBrowser changes
	sbs       []*sharedBrowser // the shared browsers that started
}

// setEnv sets one variable of the tests' environment.
func (r *run) setEnv(name, value string) {
	r.envMu.Lock()
	defer r.envMu.Unlock()
	r.env = config.SetEnv(r.env, map[string]string{name: value})
}

// environ is the tests' environment now.
func (r *run) environ() []string {
	r.envMu.Lock()
	defer r.envMu.Unlock()
	return r.env
}

// Run runs the gate. Missing or bad configuration is an undecided verdict
// that names each variable, unless health can still run and finds the API
// down: then the verdict is FAIL.
func Run(ctx context.Context, opts Options) Result {
	r, tests, err := newRun(opts)
	if err != nil {
		return undecided(opts.Out, err)
	}
	cfgErr := r.cfg.CheckRemote(r.checks(r.runnable(tests)))
	if cfgErr != nil && !r.canProbeFirst(tests) {
		return undecided(r.opts.Out, cfgErr)
	}
	if err := r.prepareReports(); err != nil {
		return undecided(r.opts.Out, err)
	}
	if cfgErr != nil {
		return r.probeHealth(ctx, tests, cfgErr)
	}
	if r.cfg.Target == config.Sandbox {
		stop, err := r.startSandbox(ctx)
		if err != nil {
			return undecided(r.opts.Out, err)
		}
		defer stop()
	}
	fmt.Fprintf(r.opts.Out, "smokegate: %s runbook, %d tests against %s (run %s)\n", r.rb.Title, len(tests), describe(r.cfg), r.cfg.RunID)
	var sbs []*sharedBrowser
	if len(tests) > 1 { // a run of health alone (a synthetic probe each minute) needs no browser
		sbs = r.startBrowsers(ctx)
		defer closeBrowsers(sbs)
	}
	suites := r.runAll(ctx, tests, sbs)
	r.interrupted = ctx.Err() != nil
	return r.finish(suites)
}

// newRun fills in the defaults, loads the configuration and finds the
// tests and their binaries.
func newRun(opts Options) (*run, []string, error) {
	if opts.Env == nil {
		opts.Env = os.Environ()
	}
	if opts.Out == nil {
		opts.Out = io.Discard
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Parallel < 1 {
		opts.Parallel = DefaultParallel()
	}
	root, err := filepath.Abs(cmp.Or(opts.Root, "."))
	if err != nil {
		return nil, nil, fmt.Errorf("root folder %q: %w", opts.Root, err)
	}
	cfg, err := config.Load(config.Source{Dir: root, Lookup: config.LookupIn(opts.Env), Environ: func() []string { return opts.Env },
		Runbooks: filepath.Join(opts.BinDir, "smoke"), Runbook: opts.Runbook})
	if err != nil {
		return nil, nil, err
	}
	if err := checkArgs(opts.Args); err != nil {
		return nil, nil, err
	}
	rb, tests, err := findTests(opts.BinDir, cmp.Or(opts.Runbook, cfg.Runbook), opts.Tests)
	if err != nil {
		return nil, nil, err
	}
	base := cmp.Or(opts.ReportDir, cfg.ReportDir)
	if !filepath.IsAbs(base) {
		base = filepath.Join(root, base)
	}
	if err := config.CheckLedger(cfg.SecretLedger, base); err != nil { // not anywhere under the uploaded folder
		return nil, nil, err
	}
	reportDir := filepath.Join(base, cfg.RunID)
	if opts.RunDir != "" {
		if reportDir, err = filepath.Abs(opts.RunDir); err != nil {
			return nil, nil, fmt.Errorf("run folder %q: %w", opts.RunDir, err)
		}
		base = filepath.Dir(reportDir)
	}
	r := &run{opts: opts, cfg: cfg, root: root, baseDir: base, reportDir: reportDir, tests: tests, rb: rb, redact: cfg.Redactor()}
	r.env = config.SetEnv(opts.Env, map[string]string{
		"SMOKE_RUN_ID": cfg.RunID, "SMOKE_ROOT": root, "SMOKE_REPORT_DIR": reportDir,
		"SMOKE_RUNBOOK": rb.Name, "SMOKE_RUNBOOK_FILE": runbook.Path(opts.BinDir, rb.Name),
	})
	return r, tests, nil
}

// checks returns the runbook's checks of tests.
func (r *run) checks(tests []string) []runbook.Check {
	out := make([]runbook.Check, 0, len(tests))
	for _, t := range tests {
		chk, _ := r.rb.Check(t)
		out = append(out, chk)
	}
	return out
}

// canProbeFirst tells whether the runbook's first check (health) can run
// although other tests lack configuration.
func (r *run) canProbeFirst(tests []string) bool {
	first := r.rb.Checks[0]
	return len(tests) > 0 && tests[0] == first.Test && len(r.cfg.MissingFor(first)) == 0
}

// probeHealth runs the first check alone when other tests lack
// configuration. An API that is down is a broken deploy whatever else is
// missing, so its failure decides FAIL; otherwise the missing
// configuration leaves the gate undecided.
func (r *run) probeHealth(ctx context.Context, tests []string, cfgErr error) Result {
	out, first := r.opts.Out, tests[0]
	fmt.Fprintf(out, "smokegate: configuration incomplete; running %s alone against %s (run %s)\n", first, describe(r.cfg), r.cfg.RunID)
	suites := map[string]*report.Suite{first: r.runTest(ctx, first)}
	if passed(suites[first]) {
		res := undecided(out, fmt.Errorf("%s passed; the other tests could not run: %w", first, cfgErr))
		res.Suites = inOrder(suites, tests[:1])
		return res
	}
	fmt.Fprintf(out, "smokegate: the other tests were not run; they also need configuration:\n%v\n", cfgErr)
	r.notRun(suites, tests[1:], stopReason(first, suites[first]))
	return r.finish(inOrder(suites, tests))
}

// finish writes the reports and prints the verdict.
func (r *run) finish(suites []*report.Suite) Result {
	r.closeEvents()
	v := r.qualify(report.Decide(suites), r.tests, suites)
	if r.interrupted { // what the tests saw while they were stopped decides nothing
		v = report.Verdict{Code: report.ExitUndecided, Line: "GATE ERROR: interrupted (SIGINT or SIGTERM) before the gate could decide; the tests were stopped and cleaned up after themselves"}
	}
	if err := r.write(suites, v); err != nil {
		res := undecided(r.opts.Out, err)
		res.Suites = suites
		return res
	}
	r.keepRuns()
	fmt.Fprintf(r.opts.Out, "  reports: %s\n", r.reportDir)
	if left := report.LeftBehind(suites); len(left) > 0 {
		fmt.Fprintf(r.opts.Out, "  left behind (the cleanup could not remove it):\n    %s\n  remove it, with the run's settings, with: %s\n",
			r.redact(strings.Join(left, "\n    ")), report.SweepCommand(r.rb.Name, r.cfg.RunID, r.cfg.AccountPattern.String()))
	}
	for _, w := range v.Warnings {
		fmt.Fprintln(r.opts.Out, "  warning:", w)
	}
	fmt.Fprintln(r.opts.Out, v.Line)
	return Result{Verdict: v, Suites: suites, ReportDir: r.reportDir}
}

func describe(cfg *config.Config) string {
	if cfg.Target == config.Sandbox {
		return "the embedded sandbox"
	}
	return cfg.APIURL
}

func undecided(out io.Writer, err error) Result {
	v := report.Verdict{Code: report.ExitUndecided, Line: "GATE ERROR: " + err.Error()}
	if out != nil {
		fmt.Fprintln(out, v.Line)
	}
	return Result{Verdict: v}
}
