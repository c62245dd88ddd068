// Command synthetic runs the smoke checks on a schedule, through the deploy
// gate's own engine (harness/runner), so a scheduled check is the check the
// gate runs:
//
//	synthetic once [-config synthetic.yml] [-bin dir] [check ...]
//	synthetic serve [-config synthetic.yml] [-bin dir] [-listen addr]
//
// once runs the named checks (default: all in the schedule) one time,
// writes their reports, prints the verdicts, pushes the metrics to a
// Pushgateway when one is configured, and exits with the gate's codes
// (0 pass, 1 a check failed, 2 a check could not decide). serve runs them
// on their schedules and serves /metrics, the status page (/), the reports
// (/reports/) and /healthz.
//
// The target comes from the gate's settings (.env, .env.<SMOKE_ENV>, the
// environment) read from the current folder; the schedule from
// synthetic.yml (synthetic/synthetic.example.yml documents it). On Linux it
// is a child subreaper and reaps what its runs leave (Chromium's helpers).
package main

import (
	"cmp"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	_ "time/tzdata" // maintenance windows' time zones, on images without tzdata

	"github.com/smokegate/smokegate/fixtures/products"
	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/report"
	"github.com/smokegate/smokegate/harness/runbook"
	"github.com/smokegate/smokegate/synthetic/probe"
	"github.com/smokegate/smokegate/synthetic/schedule"
)

func main() {
	if len(os.Args) < 2 {
		usage(os.Stderr)
		os.Exit(report.ExitUndecided)
	}
	switch os.Args[1] {
	case "once":
		os.Exit(once(os.Args[2:]))
	case "serve":
		os.Exit(serve(os.Args[2:]))
	case "-h", "-help", "--help", "help":
		usage(os.Stdout)
		os.Exit(0)
	}
	fmt.Fprintf(os.Stderr, "synthetic: unknown mode %q\n", os.Args[1])
	usage(os.Stderr)
	os.Exit(report.ExitUndecided)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: synthetic once [-config synthetic.yml] [-bin dir] [check ...]")
	fmt.Fprintln(w, "       synthetic serve [-config synthetic.yml] [-bin dir] [-listen addr]")
}

// common are the flags and settings both modes share.
type common struct {
	configPath string
	binDir     string
	sched      *schedule.File
	redact     func(string) string
	prober     *probe.Prober
}

func (c *common) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.configPath, "config", "", "schedule file (default: synthetic.yml if it exists, else the built-in schedule: health every minute, the full suite every 15 minutes)")
	fs.StringVar(&c.binDir, "bin", "", "folder holding test2json and smoke/<runbook>/ (the test binaries and runbook.yml) (default: this program's folder)")
}

// load reads the schedule and the gate's settings, and builds the prober.
func (c *common) load() error {
	var err error
	if c.sched, err = loadSchedule(c.configPath); err != nil {
		return err
	}
	if c.binDir == "" {
		if c.binDir, err = ownFolder(); err != nil {
			return err
		}
	}
	cfg, err := config.Load(config.Source{Dir: ".", Runbooks: filepath.Join(c.binDir, "smoke")})
	if err != nil {
		return err
	}
	c.redact = redactor(cfg.Redactor(), c.sched.Secrets())
	err = c.sched.CheckTests(func(name string) ([]string, error) {
		rb, err := runbook.Load(runbook.Path(c.binDir, cmp.Or(name, cfg.Runbook)))
		if err != nil {
			return nil, err
		}
		return rb.Tests(), nil
	})
	if err != nil {
		return err
	}
	reports, err := filepath.Abs(c.sched.Reports)
	if err != nil {
		return fmt.Errorf("reports folder %q in %s: %w", c.sched.Reports, c.sched.Path, err)
	}
	c.sched.Reports = reports
	c.prober = &probe.Prober{BinDir: c.binDir, Root: ".", Reports: reports, Redact: c.redact, Log: os.Stdout,
		Starters: products.Starters()}
	return nil
}

// loadSchedule reads path, or synthetic.yml when it exists, or the defaults.
func loadSchedule(path string) (*schedule.File, error) {
	if path == "" {
		if _, err := os.Stat("synthetic.yml"); err != nil {
			return schedule.DefaultWith(os.LookupEnv), nil
		}
		path = "synthetic.yml"
	}
	return schedule.Load(path, os.LookupEnv)
}

// ownFolder is the folder of the running program, where make build puts
// the test binaries too.
func ownFolder() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("find synthetic's own folder (pass -bin): %w", err)
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	return filepath.Dir(exe), nil
}
