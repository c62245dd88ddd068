// Package sandbox starts a product's embedded sandbox for a run: the one
// path both a smoke test binary (run alone, SMOKE_TARGET=sandbox) and the
// gate's runner (one sandbox for the whole run) take. A product's
// fixtures give the Start; this package only calls it, bounded in time,
// and points the configuration at what it started.
package sandbox

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/smokegate/smokegate/harness/config"
)

// Start starts a product's sandbox with the named faults switched on. It
// returns the variables that point a run at it (the names of a remote
// .env) and a func that stops it.
type Start func(ctx context.Context, faults []string) (env map[string]string, stop func() error, err error)

// Timeout bounds a sandbox's start.
const Timeout = 30 * time.Second

// Up starts the sandbox with cfg's faults (SANDBOX_FAULTS) and overlays
// its variables on cfg. It returns those variables and the func that
// stops the sandbox; on an error nothing is left running.
func Up(ctx context.Context, start Start, cfg *config.Config) (env map[string]string, stop func() error, err error) {
	if start == nil {
		return nil, nil, fmt.Errorf("SMOKE_TARGET=sandbox but the runbook has no embedded sandbox; set SMOKE_TARGET=remote and the deployment's variables (a product brings one in fixtures/products or as bin/smoke/<runbook>/sandbox)")
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	env, stop, err = start(ctx, cfg.SandboxFaults)
	if err != nil {
		return nil, nil, fmt.Errorf("start the sandbox (SANDBOX_FAULTS=%s): %w", strings.Join(cfg.SandboxFaults, ","), err)
	}
	if err := cfg.Overlay(env); err != nil {
		_ = stop()
		return nil, nil, fmt.Errorf("the sandbox gave bad settings: %w", err)
	}
	return env, stop, nil
}
