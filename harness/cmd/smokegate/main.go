// Command smokegate runs the smoke suite as a deploy gate: health first,
// then the other runbook tests, one live line per test, a merged JUnit
// report and summary under reports/, and a verdict.
//
// Exit codes: 0 pass; 1 a smoke test failed (roll back); 2 the gate could
// not decide (configuration, browser, harness).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/smokegate/smokegate/harness/gate"
	"github.com/smokegate/smokegate/harness/report"
)

func main() {
	root, err := repoRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, "GATE ERROR:", err)
		os.Exit(report.ExitUndecided)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM) // CI cancels with SIGTERM
	defer stop()
	v := gate.Run(ctx, gate.Options{Root: root, Out: os.Stdout, GoTest: os.Args[1:]})
	stop()
	os.Exit(v.Code)
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no go.mod above %s: run smokegate inside the repository", dir)
		}
	}
}
