package sandbox

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/smokegate/smokegate/harness/faultmatrix"
)

// A product's sandbox can also be a command of its own: make build puts
// it in bin/smoke/<runbook>/sandbox, where the gate finds it beside the
// runbook's test binaries, so a product added under smoke/ and fixtures/
// needs no line in any other command. The command speaks through Serve:
// started with -faults a,b it writes its variables as one JSON object on
// a line of stdout once it is up, and stops on SIGTERM; with -matrix it
// writes its faults (faultmatrix.Fault) as JSON and exits.

// stopGrace is how long a sandbox command has to stop after SIGTERM.
const stopGrace = 5 * time.Second

// Command is the Start of the sandbox command at path.
func Command(path string) Start {
	return func(ctx context.Context, faults []string) (map[string]string, func() error, error) {
		cmd := exec.Command(path, "-faults", strings.Join(faults, ","))
		cmd.Stderr = os.Stderr
		dieWithParent(cmd)
		out, err := cmd.StdoutPipe()
		if err == nil {
			err = cmd.Start()
		}
		if err != nil {
			return nil, nil, fmt.Errorf("start the sandbox command %s: %w", path, err)
		}
		stop := func() error { return terminate(cmd) }
		br := bufio.NewReader(out)
		env, err := readEnv(ctx, br)
		if err != nil {
			_ = stop()
			return nil, nil, fmt.Errorf("sandbox command %s: %w", path, err)
		}
		return env, stop, nil
	}
}

// readEnv reads the command's first line, its variables, before ctx ends.
func readEnv(ctx context.Context, br *bufio.Reader) (map[string]string, error) {
	type result struct {
		env map[string]string
		err error
	}
	got := make(chan result, 1)
	go func() {
		line, err := br.ReadBytes('\n')
		if err != nil {
			got <- result{err: fmt.Errorf("it ended before it said it was up: %w", err)}
			return
		}
		var env map[string]string
		if err := json.Unmarshal(line, &env); err != nil {
			got <- result{err: fmt.Errorf("its first line is not a JSON object of variables: %w", err)}
			return
		}
		got <- result{env: env}
		_, _ = io.Copy(os.Stderr, br) // what it prints later must not fill the pipe and stall it
	}()
	select {
	case r := <-got:
		return r.env, r.err
	case <-ctx.Done():
		return nil, fmt.Errorf("not up in time: %w", ctx.Err())
	}
}

// terminate stops the command: SIGTERM, then SIGKILL after stopGrace.
func terminate(cmd *exec.Cmd) error {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if errors.As(err, &exit) && !exit.Exited() { // ended by the signal
			return nil
		}
		return err
	case <-time.After(stopGrace):
		_ = cmd.Process.Kill()
		<-done
		return fmt.Errorf("the sandbox command did not stop within %s of SIGTERM and was killed", stopGrace)
	}
}

// Faults runs the sandbox command at path with -matrix and returns the
// faults it lists.
func Faults(ctx context.Context, path string) ([]faultmatrix.Fault, error) {
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	b, err := exec.CommandContext(ctx, path, "-matrix").Output()
	if err != nil {
		return nil, fmt.Errorf("list the faults of %s (-matrix): %w", path, err)
	}
	var faults []faultmatrix.Fault
	if err := json.Unmarshal(b, &faults); err != nil {
		return nil, fmt.Errorf("%s -matrix: not a JSON list of faults: %w", path, err)
	}
	return faults, nil
}

// CommandPath is where make build puts a runbook's sandbox command.
func CommandPath(binDir, runbook string) string {
	return filepath.Join(binDir, "smoke", runbook, "sandbox")
}

// Find is the runbook's sandbox: its own in starters, else the sandbox
// command beside its test binaries, else nil.
func Find(starters map[string]Start, binDir, runbook string) Start {
	if s, ok := starters[runbook]; ok {
		return s
	}
	if path := CommandPath(binDir, runbook); isFile(path) {
		return Command(path)
	}
	return nil
}

func isFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}
