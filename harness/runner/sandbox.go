package runner

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/report"
)

// sandboxStartTimeout bounds the start of the embedded sandbox.
const sandboxStartTimeout = 30 * time.Second

// startSandbox starts the one sandbox of this run and points every test
// binary at it as a remote target: its variables go into the binaries'
// environment only (which wins over any .env file), never into output.
// The suites still say the target is the sandbox.
func (r *run) startSandbox(ctx context.Context) (stop func(), err error) {
	start := r.opts.Start
	if s, ok := r.opts.Starters[r.rb.Name]; ok {
		start = s
	}
	if start == nil {
		return nil, fmt.Errorf("SMOKE_TARGET=sandbox but this smokegate has no embedded sandbox; set SMOKE_TARGET=remote and the deployment's variables")
	}
	sctx, cancel := context.WithTimeout(ctx, sandboxStartTimeout)
	defer cancel()
	env, stopFn, err := start(sctx, r.cfg.SandboxFaults)
	if err != nil {
		return nil, fmt.Errorf("start the sandbox (SANDBOX_FAULTS=%s): %w", strings.Join(r.cfg.SandboxFaults, ","), err)
	}
	stop = func() {
		if err := stopFn(); err != nil {
			fmt.Fprintln(r.opts.Out, "smokegate: stop the sandbox:", r.redact(err.Error()))
		}
	}
	if err := r.cfg.Overlay(env); err != nil {
		stop()
		return nil, fmt.Errorf("the sandbox gave bad settings: %w", err)
	}
	r.redact = r.cfg.Redactor()
	env["SMOKE_TARGET"] = string(config.Remote)
	r.env = config.SetEnv(r.env, env)
	r.props = map[string]string{"target": string(config.Sandbox)}
	if len(r.cfg.SandboxFaults) > 0 {
		r.props["sandbox.faults"] = fmt.Sprint(r.cfg.SandboxFaults)
	}
	return stop, nil
}

// markSuite sets the run's own properties (what the binaries cannot
// know: the sandbox's faults) on a suite.
func (r *run) markSuite(s *report.Suite) {
	for _, name := range slices.Sorted(maps.Keys(r.props)) {
		s.SetProperty(name, r.props[name])
	}
}
