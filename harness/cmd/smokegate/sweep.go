package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/sweep"
)

// sweepProgram is the sweeper's name in a runbook's bin folder, built
// from smoke/<runbook>/sweep: only the product knows where its test
// accounts live.
const sweepProgram = "sweep"

// sweepCmd is smokegate sweep [-runbook name] [flags]: it runs the
// runbook's sweeper (default SMOKE_RUNBOOK, else promptlens) with the
// other flags (-older-than, -run, -dry-run) and returns its exit code; 2
// when there is none.
func sweepCmd(binDir string, args []string, src config.Source, stdout, stderr io.Writer) int {
	name, rest, err := runbookArg(args)
	if err == nil && name == "" {
		var cfg *config.Config
		if cfg, err = config.Load(src); err == nil {
			name = cfg.Runbook
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "smokegate sweep:", err)
		return 2
	}
	prog := filepath.Join(binDir, "smoke", name, sweepProgram)
	if _, err := os.Stat(prog); err != nil {
		fmt.Fprintf(stderr, "smokegate sweep: %s is missing: run make build; if smoke/%s/sweep does not exist, the %s runbook has no sweeper and its data must be removed by hand\n", prog, name, name)
		return 2
	}
	ctx, cancel := context.WithTimeout(context.Background(), sweep.Timeout+30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, prog, rest...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, stdout, stderr
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit) && exit.ExitCode() > 0:
		return exit.ExitCode()
	case err != nil:
		fmt.Fprintf(stderr, "smokegate sweep: run %s: %v\n", prog, err)
		return 2
	}
	return 0
}

// runbookArg takes -runbook name (or -runbook=name, with one or two
// dashes) out of args.
func runbookArg(args []string) (name string, rest []string, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		flag, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || flag != "runbook" {
			rest = append(rest, a)
			continue
		}
		if !hasValue {
			if i+1 == len(args) {
				return "", nil, errors.New("-runbook needs a value: the folder under smoke/ (promptlens, manuscript)")
			}
			i++
			value = args[i]
		}
		name = value
	}
	return name, rest, nil
}
