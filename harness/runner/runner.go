package gate

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/report"
)

// Options configures a gate run.
type Options struct {
	Root   string    // repository root (holds go.mod)
	Out    io.Writer // live lines and the verdict
	Env    []string  // environment of the go test processes; default os.Environ
	GoTest []string  // extra go test flags
	Now    func() time.Time
}

// Run runs the gate and returns its verdict. Missing or bad configuration is
// an undecided verdict that names each variable, unless health can still
// run and finds the API down: then the verdict is FAIL.
func Run(ctx context.Context, opts Options) report.Verdict {
	if opts.Env == nil {
		opts.Env = os.Environ()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	cfg, err := config.Load(config.Source{Dir: opts.Root, Lookup: lookup(opts.Env)})
	if err != nil {
		return undecided(opts.Out, err)
	}
	tests, err := listTests(ctx, opts.Root)
	if err != nil {
		return undecided(opts.Out, err)
	}
	cfgErr := cfg.CheckRemote(tests)
	if cfgErr != nil && !canProbeHealth(cfg, tests) {
		return undecided(opts.Out, cfgErr)
	}
	reportDir := cfg.ReportDir
	if !filepath.IsAbs(reportDir) {
		reportDir = filepath.Join(opts.Root, reportDir)
	}
	if err := os.RemoveAll(reportDir); err != nil {
		return undecided(opts.Out, fmt.Errorf("clear %s: %w", reportDir, err))
	}
	r := &runner{opts: opts, cfg: cfg, reportDir: reportDir, env: append(opts.Env, "SMOKE_RUN_ID="+cfg.RunID)}
	if cfgErr != nil {
		return r.probeHealth(ctx, tests, cfgErr)
	}
	fmt.Fprintf(opts.Out, "smokegate: %d tests against %s (run %s)\n", len(tests), describe(cfg), cfg.RunID)
	return r.finish(r.runAll(ctx, tests))
}

// canProbeHealth tells whether health can run although other tests lack
// configuration.
func canProbeHealth(cfg *config.Config, tests []string) bool {
	return len(tests) > 0 && tests[0] == "health" && len(cfg.Missing("health")) == 0
}

// probeHealth runs health alone when other tests lack configuration. An API
// that is down is a broken deploy whatever else is missing, so its failure
// decides FAIL; otherwise the missing configuration leaves the gate
// undecided.
func (r *runner) probeHealth(ctx context.Context, tests []string, cfgErr error) report.Verdict {
	out := r.opts.Out
	fmt.Fprintf(out, "smokegate: configuration incomplete; running health alone against %s (run %s)\n", describe(r.cfg), r.cfg.RunID)
	suites := map[string]*report.Suite{"health": r.runPackages(ctx, []string{"health"})["health"]}
	if passed(suites["health"]) {
		return undecided(out, fmt.Errorf("health passed; the other tests could not run: %w", cfgErr))
	}
	fmt.Fprintf(out, "smokegate: the other tests were not run; they also need configuration:\n%v\n", cfgErr)
	r.notRun(suites, tests[1:], "health")
	return r.finish(inOrder(suites, tests))
}

// finish writes the reports and prints the verdict.
func (r *runner) finish(suites []*report.Suite) report.Verdict {
	v := report.Decide(suites)
	if err := r.write(suites, v); err != nil {
		return undecided(r.opts.Out, err)
	}
	fmt.Fprintln(r.opts.Out, v.Line)
	return v
}

func describe(cfg *config.Config) string {
	if cfg.Target == config.Sandbox {
		return "the embedded sandbox"
	}
	return cfg.APIURL
}

func undecided(out io.Writer, err error) report.Verdict {
	v := report.Verdict{Code: report.ExitUndecided, Line: "GATE ERROR: " + err.Error()}
	fmt.Fprintln(out, v.Line)
	return v
}

func lookup(env []string) func(string) (string, bool) {
	m := map[string]string{}
	for _, kv := range env {
		for i := 0; i < len(kv); i++ {
			if kv[i] == '=' {
				m[kv[:i]] = kv[i+1:]
				break
			}
		}
	}
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// write leaves reports/junit.xml and reports/summary.md, and appends the
// summary to $GITHUB_STEP_SUMMARY when CI provides one.
func (r *runner) write(suites []*report.Suite, v report.Verdict) error {
	if err := report.WriteJUnit(filepath.Join(r.reportDir, "junit.xml"), "smokegate", suites); err != nil {
		return err
	}
	summary := report.Summary(v, suites)
	if err := os.WriteFile(filepath.Join(r.reportDir, "summary.md"), []byte(summary), 0o644); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	if path, ok := lookup(r.opts.Env)("GITHUB_STEP_SUMMARY"); ok && path != "" {
		f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			return fmt.Errorf("append to GITHUB_STEP_SUMMARY: %w", err)
		}
		defer f.Close()
		_, err = io.WriteString(f, summary)
		return err
	}
	return nil
}
