package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/smokegate/smokegate/harness/proc"
	"github.com/smokegate/smokegate/harness/report"
	"github.com/smokegate/smokegate/synthetic"
	"github.com/smokegate/smokegate/synthetic/metrics"
	"github.com/smokegate/smokegate/synthetic/schedule"
)

// once runs the named checks one after the other and returns the gate's
// exit code for them all: 1 if any failed, else 2 if any could not
// decide, else 0.
func once(args []string) int {
	var c common
	fs := flag.NewFlagSet("synthetic once", flag.ContinueOnError)
	c.flags(fs)
	cronExpr := fs.String("cron", "", "run the checks whose cron: in the schedule is this expression (an outside scheduler passes the one that fired, e.g. GitHub's github.event.schedule)")
	if err := fs.Parse(args); err != nil {
		return report.ExitUndecided
	}
	if err := c.load(); err != nil {
		fmt.Fprintln(os.Stderr, "GATE ERROR:", err)
		return report.ExitUndecided
	}
	checks, err := pick(c.sched, fs.Args())
	if *cronExpr != "" && err == nil {
		checks, err = pickCron(c.sched, *cronExpr, fs.Args())
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "GATE ERROR:", err)
		return report.ExitUndecided
	}
	if err := proc.BecomeSubreaper(); err != nil {
		fmt.Fprintln(os.Stderr, "synthetic: Chromium's orphaned helpers will not be reaped:", err)
	}
	removeTemp, err := proc.PrivateTempDir("synthetic-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "GATE ERROR:", err)
		return report.ExitUndecided
	}
	defer removeTemp()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a := newApp(c, false, os.Stdout)
	var outcomes []synthetic.Outcome
	for _, ch := range checks {
		a.started(ch.Name)
		o := c.prober.Run(ctx, ch)
		a.reap() // nothing of ours runs between checks
		a.finished(o)
		outcomes = append(outcomes, o)
		fmt.Printf("%s: %s\n  report: %s\n", ch.Name, o.Line, o.ReportDir)
	}
	a.sends.Wait()
	push(ctx, a, outcomes)
	return exitCode(outcomes)
}

// pick returns the named checks of the schedule, or all of them.
func pick(s *schedule.File, names []string) ([]schedule.Check, error) {
	if len(names) == 0 {
		return s.Checks, nil
	}
	var out []schedule.Check
	for _, n := range names {
		c, ok := s.Check(n)
		if !ok {
			return nil, fmt.Errorf("no check %q in the schedule %s (it has: %s)", n, describe(s), strings.Join(s.Names(), ", "))
		}
		out = append(out, c)
	}
	return out, nil
}

// pickCron returns the checks whose cron is expr: the ones an outside
// scheduler meant when that expression fired.
func pickCron(s *schedule.File, expr string, names []string) ([]schedule.Check, error) {
	if len(names) > 0 {
		return nil, fmt.Errorf("name checks or pass -cron, not both")
	}
	var out []schedule.Check
	var crons []string
	for _, c := range s.Checks {
		if c.Cron == expr {
			out = append(out, c)
		}
		if c.Cron != "" {
			crons = append(crons, fmt.Sprintf("%q (%s)", c.Cron, c.Name))
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no check in the schedule %s has cron %q (it has: %s): the scheduler and the schedule file disagree",
			describe(s), expr, strings.Join(crons, ", "))
	}
	return out, nil
}

func describe(s *schedule.File) string {
	if s.Path == "" {
		return "(built-in: no synthetic.yml)"
	}
	return s.Path
}

// push sends each run's metrics to the Pushgateway, when one is
// configured: a fresh registry per check (as the blackbox exporter makes
// one per probe), pushed as that check's own group.
func push(ctx context.Context, a *app, outcomes []synthetic.Outcome) {
	if a.sched.Pushgateway == "" {
		return
	}
	instance := "synthetic"
	if v := a.sched.Labels["region"]; v != "" {
		instance = v
	}
	consecutive := map[string]int{}
	for _, c := range a.store.Snapshot() {
		consecutive[c.Name] = c.ConsecutiveFailures
	}
	for _, o := range outcomes {
		m := metrics.New(a.sched.Labels, false)
		m.Observe(o, consecutive[o.Check])
		a.export(m, o.Check, time.Now())
		if err := m.Push(ctx, a.sched.Pushgateway, instance, o.Check); err != nil {
			fmt.Fprintln(os.Stderr, "synthetic:", a.redact(err.Error()))
		}
	}
}

func exitCode(outcomes []synthetic.Outcome) int {
	code := report.ExitPass
	for _, o := range outcomes {
		switch {
		case o.Result == synthetic.Fail:
			return report.ExitFail
		case !o.Success():
			code = report.ExitUndecided
		}
	}
	return code
}
