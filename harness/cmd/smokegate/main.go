// Command smokegate runs the smoke suite as a deploy gate: health first,
// then the other runbook tests, one live line per test, a merged JUnit
// report and summary under reports/, and a verdict.
//
// It runs the test binaries that make build leaves next to it (bin/smoke,
// bin/test2json) and needs no Go toolchain. .env files are read from, and
// reports written under, the current folder. With SMOKE_TARGET=sandbox it
// starts one embedded sandbox for the whole run.
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

	"github.com/smokegate/smokegate/fixtures/sandbox"
	"github.com/smokegate/smokegate/harness/report"
	"github.com/smokegate/smokegate/harness/runner"
)

func main() {
	binDir := flag.String("bin", "", "folder holding test2json and smoke/<test>.test (default: this program's folder)")
	parallel := flag.Int("p", runner.DefaultParallel(), "tests at once after health; 4 unless the machine has fewer CPUs")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: smokegate [-bin dir] [-p n] [-- test binary flags, e.g. -test.timeout=5m]")
		flag.PrintDefaults()
	}
	flag.Parse() // a bad flag exits 2: the gate could not decide
	if *binDir == "" {
		dir, err := ownFolder()
		if err != nil {
			fmt.Fprintln(os.Stderr, "GATE ERROR:", err)
			os.Exit(report.ExitUndecided)
		}
		*binDir = dir
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM) // CI cancels with SIGTERM
	defer stop()
	res := runner.Run(ctx, runner.Options{
		BinDir: *binDir, Root: ".", Args: flag.Args(), Parallel: *parallel,
		Start: sandbox.Starter, Out: os.Stdout,
	})
	stop()
	os.Exit(res.Verdict.Code)
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
