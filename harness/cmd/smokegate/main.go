// Command smokegate runs the smoke suite as a deploy gate: health first,
// then the other runbook tests, one live line per test, a merged JUnit
// report and summary under reports/, and a verdict.
//
// It runs the test binaries that make build leaves next to it (bin/smoke,
// bin/test2json) and needs no Go toolchain. .env files are read from, and
// reports written under, the current folder. With SMOKE_TARGET=sandbox it
// starts one embedded sandbox for the whole run: the runbook's own
// (fixtures/<runbook>: fixtures/promptlens unless -runbook names another).
//
// On Linux the gate is a child subreaper: Chromium helpers orphaned during
// the run become its children, and once the run is over it ends and reaps
// every process still left under it, so no process of the run outlives it.
// The run's temporary files live in a folder of its own, removed at the end.
//
// smokegate sweep removes test accounts that crashed runs left behind: it
// runs the runbook's own sweeper, bin/smoke/<runbook>/sweep (see
// sweep.go).
//
// Exit codes: 0 pass; 1 a smoke test failed (roll back); 2 the gate could
// not decide (configuration, browser, harness).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/smokegate/smokegate/fixtures/products"
	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/proc"
	"github.com/smokegate/smokegate/harness/report"
	"github.com/smokegate/smokegate/harness/runner"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "sweep" {
		dir, err := ownFolder()
		if err != nil {
			fmt.Fprintln(os.Stderr, "smokegate sweep:", err)
			os.Exit(2)
		}
		os.Exit(sweepCmd(dir, os.Args[2:], config.Source{Dir: ".", Runbooks: filepath.Join(dir, "smoke")}, os.Stdout, os.Stderr))
	}
	if len(os.Args) > 1 && os.Args[1] == "prove" {
		os.Exit(withRun(func(ctx context.Context) int {
			return proveCmd(ctx, os.Args[2:], os.Environ(), os.Stdout, os.Stderr)
		}))
	}
	os.Exit(gate())
}

// leftoverGrace is how long the processes left after a run get between
// SIGTERM and SIGKILL.
const leftoverGrace = 2 * time.Second

// gate runs the gate and returns its exit code.
func gate() int {
	binDir := flag.String("bin", "", "folder holding test2json and smoke/<test>.test (default: this program's folder)")
	parallel := flag.Int("p", runner.DefaultParallel(), "tests at once after health; 4 unless the machine has fewer CPUs")
	book := flag.String("runbook", "", "the product's runbook to run, a folder under bin/smoke (default SMOKE_RUNBOOK, else promptlens)")
	var filter string
	for _, name := range []string{"run", "skip"} {
		flag.Func(name, "refused: a filtered run is no deploy verdict (use go test ./smoke/<test> -run <name>)", func(string) error {
			filter = "-" + name
			return nil
		})
	}
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: smokegate [-runbook name] [-bin dir] [-p n] [-- test binary flags, e.g. -test.timeout=5m]")
		fmt.Fprintln(os.Stderr, "       "+proveUsage[len("usage: "):])
		fmt.Fprintln(os.Stderr, "       smokegate sweep [-runbook name] [-bin dir] [-older-than 1h | -run <id>] [-dry-run]")
		flag.PrintDefaults()
	}
	// -h and a bad flag both exit 2: the gate decided nothing, and 0 would
	// read as a pass.
	flag.CommandLine.Init(os.Args[0], flag.ContinueOnError)
	if err := flag.CommandLine.Parse(os.Args[1:]); err != nil {
		return report.ExitUndecided
	}
	if filter != "" {
		fmt.Fprintf(os.Stderr, "GATE ERROR: %s chooses which tests run, and a filtered run is no deploy verdict: the gate runs the whole runbook; to run one test, use go test ./smoke/<test> -run <name>\n", filter)
		return report.ExitUndecided
	}
	if *binDir == "" {
		dir, err := ownFolder()
		if err != nil {
			fmt.Fprintln(os.Stderr, "GATE ERROR:", err)
			return report.ExitUndecided
		}
		*binDir = dir
	}
	return withRun(func(ctx context.Context) int {
		return runner.Run(ctx, runner.Options{
			BinDir: *binDir, Root: ".", Runbook: *book, Args: flag.Args(), Parallel: *parallel,
			Starters: products.Starters(), Out: os.Stdout,
		}).Verdict.Code
	})
}

// withRun runs do as the gate runs: a child subreaper with a private
// temporary folder, do's context ended by SIGINT or SIGTERM (CI cancels
// with SIGTERM). It returns do's exit code.
func withRun(do func(ctx context.Context) int) int {
	if err := proc.BecomeSubreaper(); err != nil {
		fmt.Fprintln(os.Stderr, "smokegate: Chromium's orphaned helpers will not be reaped:", err)
	}
	removeTemp, err := proc.PrivateTempDir("smokegate-run-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "GATE ERROR:", err)
		return report.ExitUndecided
	}
	defer removeTemp()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := do(ctx)
	stop()
	// Every child the runner started has been waited for: what is left under
	// the gate are orphans (Chromium's helpers, about ten a run, which end on
	// SIGTERM). They end with the run; only one that had to be killed is
	// worth a line.
	if left, killed := proc.ReapOrphans(proc.Reap{Grace: leftoverGrace, Term: true}); killed > 0 {
		fmt.Fprintf(os.Stderr, "smokegate: %d of the %d processes left by the run ignored SIGTERM and were killed\n", killed, left)
	}
	return code
}

// ownFolder is the folder of the running program, where make build puts
// the test binaries too.
func ownFolder() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("find smokegate's own folder (pass -bin): %w", err)
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	return filepath.Dir(exe), nil
}
