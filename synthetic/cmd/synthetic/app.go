package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"sync"
	"time"

	"github.com/smokegate/smokegate/harness/proc"
	"github.com/smokegate/smokegate/synthetic"
	"github.com/smokegate/smokegate/synthetic/delivery"
	"github.com/smokegate/smokegate/synthetic/metrics"
	"github.com/smokegate/smokegate/synthetic/notify"
	"github.com/smokegate/smokegate/synthetic/retention"
	"github.com/smokegate/smokegate/synthetic/state"
)

// leftoverGrace is how long the processes a run left get between SIGTERM
// and SIGKILL.
const leftoverGrace = 2 * time.Second

// notifyBudget bounds one notification, retries included.
const notifyBudget = time.Minute

// app is what both modes do with a finished run: record it, export it,
// notify a change, prune old reports.
type app struct {
	common
	store    *state.Store
	metrics  *metrics.Metrics
	notifier *notify.Notifier
	targets  map[string]string // check -> target label
	out      io.Writer
	sends    sync.WaitGroup // notifications in flight
	// windows are the open deploy windows: while one is, a state change is
	// recorded and shown but its notification is held until it closes.
	windows *delivery.Windows
	heldMu  sync.Mutex
	held    []notify.Event
	// runs is held for reading by every run outside the scheduler (the
	// delivery endpoints'); reap runs only when it can take it, since
	// reaping would end those runs' processes.
	runs sync.RWMutex
}

func newApp(c common, withProcess bool, out io.Writer) *app {
	s := c.sched
	specs := make([]state.Spec, len(s.Checks))
	for i, ch := range s.Checks {
		specs[i] = state.Spec{Name: ch.Name, Every: ch.Every}
	}
	a := &app{common: c, out: out, targets: map[string]string{},
		store:   state.New(filepath.Join(s.Reports, "synthetic", "state.json"), s.Notify.AfterFailures, specs),
		metrics: metrics.New(s.Labels, withProcess),
		notifier: &notify.Notifier{SlackURL: s.Notify.SlackURL, WebhookURL: s.Notify.WebhookURL, Timeout: s.Notify.Timeout,
			Attempts: s.Notify.Attempts, Backoff: s.Notify.Backoff, Redact: c.redact},
	}
	if err := a.store.Load(); err != nil {
		fmt.Fprintln(out, "synthetic:", err)
	}
	target := c.prober.Target()
	for _, ch := range s.Checks {
		a.targets[ch.Name] = target
		a.metrics.Schedule(ch.Name, target, ch.Every.Seconds())
	}
	return a
}

// started marks a run as going.
func (a *app) started(check string) {
	a.store.Started(check)
	a.metrics.Started(check)
}

// missed counts a skipped slot.
func (a *app) missed(check string) {
	a.store.Missed(check)
	a.metrics.Missed(check, a.targets[check])
	fmt.Fprintf(a.out, "synthetic: %s: slot missed, the previous run is still going\n", check)
}

// finished records a run; a state change is notified in the background
// (wait for it with a.sends).
func (a *app) finished(o synthetic.Outcome) {
	change, consecutive := a.store.Record(o)
	a.metrics.Observe(o, consecutive)
	if err := a.store.Save(); err != nil {
		fmt.Fprintln(a.out, "synthetic:", a.redact(err.Error()))
	}
	switch {
	case change == state.Unchanged || !a.notifier.Enabled():
	case a.windows != nil && a.windows.Any():
		fmt.Fprintf(a.out, "synthetic: %s: %s, held until the deploy window closes\n", o.Check, change)
		a.heldMu.Lock()
		a.held = append(a.held, notify.Event{Change: change, Outcome: o, Consecutive: consecutive, Report: a.reportLink(o)})
		a.heldMu.Unlock()
	default:
		e := notify.Event{Change: change, Outcome: o, Consecutive: consecutive, Report: a.reportLink(o)}
		a.sends.Go(func() { a.send(e) })
	}
	p := retention.Policy{Keep: a.sched.Retention.Keep, MaxAge: a.sched.Retention.MaxAge}
	if _, err := retention.Prune(filepath.Dir(o.ReportDir), p, time.Now()); err != nil {
		fmt.Fprintln(a.out, "synthetic:", a.redact(err.Error()))
	}
}

func (a *app) send(e notify.Event) {
	ctx, cancel := context.WithTimeout(context.Background(), notifyBudget)
	defer cancel()
	if err := a.notifier.Send(ctx, e); err != nil {
		fmt.Fprintln(a.out, "synthetic:", err)
		return
	}
	fmt.Fprintf(a.out, "synthetic: %s: notified %s\n", e.Outcome.Check, e.Change)
}

// reportLink is where a run's report is: a link on the status page when
// status_url is set, else the folder.
func (a *app) reportLink(o synthetic.Outcome) string {
	rel, err := filepath.Rel(a.runsRoot(), o.ReportDir)
	if a.sched.StatusURL == "" || err != nil {
		return o.ReportDir
	}
	link, err := url.JoinPath(a.sched.StatusURL, "reports", filepath.ToSlash(rel), "summary.md")
	if err != nil {
		return o.ReportDir
	}
	return link
}

// runsRoot is the folder of the runs' reports, served under /reports/.
func (a *app) runsRoot() string { return filepath.Join(a.sched.Reports, "synthetic") }

// reap ends and reaps what runs left behind; call it only while no
// scheduled run is in progress (ReapOrphans waits for every child). It
// does nothing while a run of the delivery endpoints is going.
func (a *app) reap() {
	if !a.runs.TryLock() {
		return
	}
	defer a.runs.Unlock()
	if left, killed := proc.ReapOrphans(proc.Reap{Grace: leftoverGrace, Term: true}); killed > 0 {
		fmt.Fprintf(a.out, "synthetic: %d of the %d processes left by the runs ignored SIGTERM and were killed\n", killed, left)
	}
}

// deployed says once how a deploy went when its window closes.
func (a *app) deployed(version string, v *delivery.Verdict) {
	a.metrics.Window(a.windows.Any())
	o := synthetic.Outcome{Check: version, Target: a.prober.Target(), Start: time.Now(),
		Line: "the window ended at its maximum time without a verdict", Result: synthetic.Error}
	if v != nil {
		o.Line, o.RunID, o.Message = v.Line, v.RunID, v.Reason
		o.Result = map[string]synthetic.Result{"pass": synthetic.Pass, "fail": synthetic.Fail, "error": synthetic.Error}[v.Verdict]
	}
	a.heldMu.Lock()
	held := a.held
	a.held = nil
	a.heldMu.Unlock()
	for _, e := range held { // what happened during the window, in order
		if a.notifier.Enabled() {
			a.sends.Go(func() { a.send(e) })
		}
	}
	fmt.Fprintf(a.out, "synthetic: deploy %s: %s\n", version, a.redact(o.Line))
	if a.notifier.Enabled() {
		e := notify.Event{Change: state.Deployed, Outcome: o}
		if v != nil {
			e.Report = v.Report
		}
		a.sends.Go(func() { a.send(e) })
	}
}
