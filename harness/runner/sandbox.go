package runner

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/report"
	"github.com/smokegate/smokegate/harness/sandbox"
)

// startSandbox starts the one sandbox of this run and points every test
// binary at it as a remote target: its variables go into the binaries'
// environment only (which wins over any .env file), never into output.
// The suites still say the target is the sandbox.
func (r *run) startSandbox(ctx context.Context) (stop func(), err error) {
	start := sandbox.Find(r.opts.Starters, r.opts.BinDir, r.rb.Name)
	if start == nil {
		start = r.opts.Start
	}
	env, stopFn, err := sandbox.Up(ctx, start, r.cfg)
	if err != nil {
		return nil, err
	}
	stop = func() {
		if err := stopFn(); err != nil {
			fmt.Fprintln(r.opts.Out, "smokegate: stop the sandbox:", r.redact(err.Error()))
		}
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
