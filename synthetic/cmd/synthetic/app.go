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
	"github.com/smokegate/smokegate/synthetic/status"
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
	target   string // the target label of every check
	out      io.Writer
	sends    sync.WaitGroup // notifications in flight
	// windows are the open deploy windows: while one is, a state change is
	// recorded and shown, and told in the one message sent when it closes.
	windows *delivery.Windows
	heldMu  sync.Mutex
	held    []string
	// recent are the latest runs outside the schedule (deploy verdicts,
	// run-now), newest first, for the status page's own section.
	recentMu sync.Mutex
	recent   []synthetic.Outcome
	// runs is held for reading by every run outside the scheduler (the
	// delivery endpoints'); reap runs only when it can take it, since
	// reaping would end those runs' processes.
	runs sync.RWMutex
	// claims keep one run of a check at a time (claim.go).
	claims claims
}

// recentKept is how many runs outside the schedule the status page shows.
const recentKept = 20

func newApp(c common, withProcess bool, out io.Writer) *app {
	s := c.sched
	specs := make([]state.Spec, len(s.Checks))
	for i, ch := range s.Checks {
		specs[i] = state.Spec{Name: ch.Name, Every: ch.Every, AfterFailures: ch.AfterFailures}
	}
	a := &app{common: c, out: out, target: c.prober.Target(),
		store:   state.New(filepath.Join(s.Reports, "synthetic", "state.json"), s.Notify.AfterFailures, specs),
		metrics: metrics.New(s.Labels, withProcess),
		notifier: &notify.Notifier{SlackURL: s.Notify.SlackURL, WebhookURL: s.Notify.WebhookURL, DeploySlackURL: s.Notify.DeploySlackURL,
			Timeout: s.Notify.Timeout, Attempts: s.Notify.Attempts, Backoff: s.Notify.Backoff, Redact: c.redact},
	}
	if err := a.store.Load(); err != nil {
		fmt.Fprintln(out, "synthetic:", err)
	}
	for _, ch := range s.Checks {
		a.export(a.metrics, ch.Name, time.Now())
	}
	return a
}

// prepareOnDemand exports zero runs outside the schedule (the deploy
// check's verdicts, run-now of each check), for serve's delivery
// endpoints: the alert on a deploy's verdict reads their increase.
func (a *app) prepareOnDemand(deployCheck string) {
	a.metrics.PrepareOnDemand(synthetic.OnDemandVerdict, deployCheck, a.target)
	for _, name := range a.sched.Names() {
		a.metrics.PrepareOnDemand(synthetic.OnDemandRun, name, a.target)
	}
}

// export sets what the schedule and the recorded state say of a check on
// m: its period and threshold, its last success and over-budget shares,
// and whether a maintenance window mutes it at now.
func (a *app) export(m *metrics.Metrics, check string, now time.Time) {
	if ch, ok := a.sched.Check(check); ok {
		m.Schedule(check, a.target, ch.Every.Seconds(), ch.AfterFailures)
	}
	if c, ok := a.store.Get(check); ok {
		m.History(check, a.target, c.LastSuccess, a.store.OverBudget(check, metrics.OverBudgetRuns))
	}
	_, muted := a.sched.InMaintenance(check, now)
	m.Window(check, a.target, "maintenance", muted)
	m.Window(check, a.target, "deploy", a.windows != nil && a.windows.Any())
}

// tick keeps the maintenance windows' series current until ctx ends.
func (a *app) tick(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			for _, name := range a.sched.Names() {
				_, muted := a.sched.InMaintenance(name, now)
				a.metrics.Window(name, a.target, "maintenance", muted)
			}
		}
	}
}

// started marks a run as going.
func (a *app) started(check string) {
	a.store.Started(check)
	a.metrics.Started(check)
}

// missed counts a skipped slot.
func (a *app) missed(check string) {
	a.store.Missed(check)
	a.metrics.Missed(check, a.target)
	fmt.Fprintf(a.out, "synthetic: %s: slot missed, the previous run is still going\n", check)
}

// finished records a run; a state change is notified in the background
// (wait for it with a.sends). A run outside the schedule (o.Kind) goes to
// its own series and section, never to the scheduled checks' state.
func (a *app) finished(o synthetic.Outcome) {
	defer a.prune(o)
	if o.Kind != "" {
		a.metrics.OnDemand(o.Kind, o)
		a.recentMu.Lock()
		a.recent = append([]synthetic.Outcome{o}, a.recent[:min(len(a.recent), recentKept-1)]...)
		a.recentMu.Unlock()
		return
	}
	_, muted := a.sched.InMaintenance(o.Check, o.Start.Add(o.Duration))
	change, consecutive := a.store.Record(o, muted)
	a.metrics.Observe(o, consecutive)
	a.export(a.metrics, o.Check, time.Now())
	if err := a.store.Save(); err != nil {
		fmt.Fprintln(a.out, "synthetic:", a.redact(err.Error()))
	}
	switch {
	case change == state.Unchanged || !a.notifier.Enabled():
	case a.windows != nil && a.windows.Any():
		fmt.Fprintf(a.out, "synthetic: %s: %s, told when the deploy window closes\n", o.Check, change)
		a.heldMu.Lock()
		a.held = append(a.held, during(change, o, consecutive))
		a.heldMu.Unlock()
	default:
		e := notify.Event{Change: change, Outcome: o, Consecutive: consecutive, Report: a.reportLink(o)}
		a.sends.Go(func() { a.send(e) })
	}
}

// during is one line of a deploy message: a change of a scheduled check
// while the window was open.
func during(change state.Change, o synthetic.Outcome, consecutive int) string {
	at := o.Start.UTC().Format("15:04Z")
	if change == state.Recovered {
		return fmt.Sprintf("%s %s: recovered (run %s)", at, o.Check, o.RunID)
	}
	return fmt.Sprintf("%s %s: failing after %d failed runs in a row: %s (run %s)", at, o.Check, consecutive, o.Message, o.RunID)
}

func (a *app) prune(o synthetic.Outcome) {
	if o.ReportDir == "" {
		return
	}
	p := retention.Policy{Keep: a.sched.Retention.Keep, MaxAge: a.sched.Retention.MaxAge}
	if _, err := retention.Prune(filepath.Dir(o.ReportDir), p, time.Now()); err != nil {
		fmt.Fprintln(a.out, "synthetic:", a.redact(err.Error()))
	}
}

// recentRuns copies the runs outside the schedule, newest first.
func (a *app) recentRuns() []synthetic.Outcome {
	a.recentMu.Lock()
	defer a.recentMu.Unlock()
	return append([]synthetic.Outcome(nil), a.recent...)
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

// deployWindow marks every check as muted by a deploy window, or not.
func (a *app) deployWindow(anyOpen bool) {
	for _, name := range a.sched.Names() {
		a.metrics.Window(name, a.target, "deploy", anyOpen)
	}
}

// deployed says how a deploy went when its window closes, in one message
// that also lists what changed during the window; nothing else was queued.
func (a *app) deployed(version string, v *delivery.Verdict) {
	a.deployWindow(a.windows.Any())
	o := synthetic.Outcome{Check: version, Kind: synthetic.OnDemandVerdict, Target: a.target, Start: time.Now(),
		Line: "the window was closed without a verdict (DELETE, or it reached its maximum time)", Result: synthetic.Error}
	if v != nil {
		o.Line, o.RunID, o.Message = v.Line, v.RunID, v.Reason
		o.Result = map[string]synthetic.Result{"pass": synthetic.Pass, "fail": synthetic.Fail, "error": synthetic.Error}[v.Verdict]
	}
	a.heldMu.Lock()
	held := a.held
	a.held = nil
	a.heldMu.Unlock()
	fmt.Fprintf(a.out, "synthetic: deploy %s: %s\n", version, a.redact(o.Line))
	if a.notifier.Enabled() {
		e := notify.Event{Change: state.Deployed, Outcome: o, During: held}
		if v != nil {
			e.Report = v.Report
		}
		a.sends.Go(func() { a.send(e) })
	}
}

// extras are the status page's windows and runs outside the schedule.
func (a *app) extras() status.Extras {
	var x status.Extras
	if a.windows != nil && a.windows.Any() {
		x.Windows = append(x.Windows, "a deploy window is open: scheduled failures are told when it closes")
	}
	now := time.Now()
	for _, m := range a.sched.Maintenance {
		line := "maintenance " + m.String()
		if open, end := m.Open(now); open {
			line += " (open now, until " + end.UTC().Format("15:04Z") + ")"
		}
		x.Windows = append(x.Windows, line)
	}
	x.OnDemand = a.recentRuns()
	return x
}
