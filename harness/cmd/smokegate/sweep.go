package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/sweep"
)

// sweepProgram is the sweeper's name in a runbook's bin folder, built
// from smoke/<runbook>/sweep: only the product knows where its test
// accounts live.
const sweepProgram = "sweep"

// runbookName is the shape of a runbook's name: a folder under smoke/.
var runbookName = regexp.MustCompile(`^[a-z][a-z0-9]*$`)

// sweepUsage is smokegate sweep's usage line.
const sweepUsage = "usage: smokegate sweep [-runbook name] [-bin dir] [-older-than 1h | -run <id>] [-dry-run]"

// sweepCmd is smokegate sweep [-runbook name] [-bin dir] [flags]: it runs
// the runbook's sweeper (default SMOKE_RUNBOOK, else promptlens) from the
// bin folder (default this program's) with the other flags (-older-than,
// -run, -dry-run), hands it SIGINT and SIGTERM, and returns its exit
// code; 2 when there is none.
func sweepCmd(binDir string, args []string, src config.Source, stdout, stderr io.Writer) int {
	opts, rest, err := sweepArgs(args)
	if err == nil && opts["runbook"] == "" {
		var cfg *config.Config
		if cfg, err = config.Load(src); err == nil {
			opts["runbook"] = cfg.Runbook
		}
	}
	if err == nil && !runbookName.MatchString(opts["runbook"]) {
		err = fmt.Errorf("runbook %q: want a folder name under smoke/ (promptlens, manuscript)", opts["runbook"])
	}
	if err != nil {
		fmt.Fprintf(stderr, "smokegate sweep: %v\n%s\n", err, sweepUsage)
		return 2
	}
	if opts["bin"] != "" {
		binDir = opts["bin"]
	}
	prog := filepath.Join(binDir, "smoke", opts["runbook"], sweepProgram)
	if _, err := os.Stat(prog); err != nil {
		fmt.Fprintf(stderr, "smokegate sweep: %s is missing: run make build (or pass -bin); if smoke/%s/sweep does not exist, the %[2]s runbook has no sweeper and its data must be removed by hand\n", prog, opts["runbook"])
		return 2
	}
	return runSweeper(prog, rest, stdout, stderr)
}

// runSweeper runs prog within the sweep's time limit, passing SIGINT and
// SIGTERM on as SIGTERM, so that a cancelled job stops the sweep rather
// than leaving it running.
func runSweeper(prog string, args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, sweep.Timeout+30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, prog, args...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit) && exit.ExitCode() > 0:
		return exit.ExitCode()
	case err != nil:
		fmt.Fprintf(stderr, "smokegate sweep: %s: %v\n", prog, err)
		return 2
	}
	return 0
}

// sweepArgs takes smokegate's own flags, -runbook and -bin (as -name
// value or -name=value, with one or two dashes), out of args and leaves
// the sweeper's.
func sweepArgs(args []string) (opts map[string]string, rest []string, err error) {
	opts = map[string]string{"runbook": "", "bin": ""}
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if _, own := opts[name]; !own || !strings.HasPrefix(a, "-") {
			rest = append(rest, a)
			continue
		}
		if !hasValue {
			if i+1 == len(args) {
				return nil, nil, fmt.Errorf("-%s needs a value", name)
			}
			i++
			value = args[i]
		}
		opts[name] = value
	}
	return opts, rest, nil
}
