package metrics

import (
	"net/http"
	"runtime/debug"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/smokegate/smokegate/synthetic"
)

// Buckets of the duration histograms, in seconds: around the runbook's
// budgets (health 5 s, history and quota 5 s, extension 10 s, billing and
// password reset 20 s, signup 30 s) and a whole suite (a minute or two).
var Buckets = []float64{0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600}

var checkLabels = []string{"check", "target"}

// Metrics is one runner's collectors and their registry.
type Metrics struct {
	Registry *prometheus.Registry

	success      *prometheus.GaugeVec
	duration     *prometheus.HistogramVec
	lastDuration *prometheus.GaugeVec
	lastRun      *prometheus.GaugeVec
	consecutive  *prometheus.GaugeVec
	runs         *prometheus.CounterVec
	missed       *prometheus.CounterVec
	inProgress   *prometheus.GaugeVec
	window       *prometheus.GaugeVec
	interval     *prometheus.GaugeVec
	threshold    *prometheus.GaugeVec
	lastSuccess  *prometheus.GaugeVec
	overBudget   *prometheus.GaugeVec
	onDemand     *prometheus.CounterVec
	onDemandOK   *prometheus.GaugeVec
	testSuccess  *prometheus.GaugeVec
	testDuration *prometheus.GaugeVec
	testBudget   *prometheus.GaugeVec
	testWarning  *prometheus.GaugeVec
}

// New registers every collector on a fresh registry; labels (the
// schedule's, e.g. region) are added to each series. withProcess adds the
// Go and process collectors (serve; a push from once leaves them out).
func New(labels map[string]string, withProcess bool) *Metrics {
	reg := prometheus.NewRegistry()
	r := prometheus.WrapRegistererWith(prometheus.Labels(labels), reg)
	m := &Metrics{Registry: reg}
	m.success = gauge(r, "synthetic_check_success", "1 if the check's last run passed (or passed on retry), 0 if it failed or the gate could not decide.", checkLabels)
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "synthetic_check_duration_seconds", Help: "Wall time of the check's runs.", Buckets: Buckets}, checkLabels)
	r.MustRegister(m.duration)
	m.lastDuration = gauge(r, "synthetic_check_last_duration_seconds", "Wall time of the check's last run.", checkLabels)
	m.lastRun = gauge(r, "synthetic_check_last_run_timestamp_seconds", "Unix time the check's last run ended.", checkLabels)
	m.consecutive = gauge(r, "synthetic_check_consecutive_failures", "Failed runs of the check in a row (a pass resets it; a gate error leaves it).", checkLabels)
	m.runs = counter(r, "synthetic_check_runs_total", "Runs of the check by result: pass, fail, error, flaky.", append(checkLabels, "result"))
	m.missed = counter(r, "synthetic_check_missed_slots_total", "Slots skipped because the check's previous run was still going.", checkLabels)
	m.inProgress = gauge(r, "synthetic_check_in_progress", "1 while a run of the check is going.", []string{"check"})
	m.window = gauge(r, "synthetic_check_window_open", "1 while a window (deploy or maintenance) mutes the check: its failures are recorded but notify no one, and the alert rules leave them out.", append(checkLabels, "window"))
	m.interval = gauge(r, "synthetic_check_interval_seconds", "The check's schedule period (with day or cron, the longest gap between two slots).", checkLabels)
	m.threshold = gauge(r, "synthetic_check_failure_threshold", "Failed runs in a row that make the check failing (after_failures): the alert rules' threshold.", checkLabels)
	m.lastSuccess = gauge(r, "synthetic_check_last_success_timestamp_seconds", "Unix time the check's last passing run ended (0: none recorded).", checkLabels)
	m.overBudget = gauge(r, "synthetic_test_over_budget_ratio", "Share of the test's recent runs (up to OverBudgetRuns) that took longer than its budget.", append(checkLabels, "test"))
	m.onDemand = counter(r, "synthetic_ondemand_runs_total", "Runs outside the schedule (kind verdict: a deploy's verdict; kind run: run-now) by result; the scheduled series never count them.", []string{"kind", "check", "target", "result"})
	m.onDemandOK = gauge(r, "synthetic_ondemand_success", "1 if the last run outside the schedule of that kind and check passed.", []string{"kind", "check", "target"})
	m.testSuccess = gauge(r, "synthetic_test_success", "1 if the runbook test passed in the check's last run that ran it, 0 if it failed or errored.", append(checkLabels, "test"))
	m.testDuration = gauge(r, "synthetic_test_duration_seconds", "Time of the runbook test in the check's last run that ran it.", append(checkLabels, "test"))
	m.testBudget = gauge(r, "synthetic_test_budget_seconds", "The runbook's budget for the test.", append(checkLabels, "test"))
	m.testWarning = gauge(r, "synthetic_test_warning", "1 if the runbook test passed with a warning in the check's last run that ran it (over budget on a slow machine, or the test's own, e.g. a backup over twice the usual size).", append(checkLabels, "test"))
	gauge(r, "synthetic_up", "1 while the synthetic runner is running.", nil).WithLabelValues().Set(1)
	buildInfo(r)
	if withProcess {
		r.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	return m
}

// OverBudgetRuns is how many of a test's latest runs the over-budget
// ratio looks at.
const OverBudgetRuns = 5

// Schedule exports each check's period and failure threshold, and zero
// runs by result, so that rates and "no run for three periods" work from
// the first scrape.
func (m *Metrics) Schedule(check, target string, every float64, threshold int) {
	m.interval.WithLabelValues(check, target).Set(every)
	m.threshold.WithLabelValues(check, target).Set(float64(threshold))
	for _, w := range []string{"deploy", "maintenance"} {
		m.window.WithLabelValues(check, target, w).Set(0)
	}
	m.inProgress.WithLabelValues(check).Set(0)
	m.missed.WithLabelValues(check, target)
	for _, r := range synthetic.Results {
		m.runs.WithLabelValues(check, target, string(r))
	}
}

// Window sets whether a window of the kind (deploy, maintenance) mutes
// the check.
func (m *Metrics) Window(check, target, kind string, open bool) {
	m.window.WithLabelValues(check, target, kind).Set(boolean(open))
}

// History exports what the state store knows beyond the last run: when
// the check last passed, and each test's share of recent runs over budget.
func (m *Metrics) History(check, target string, lastSuccess time.Time, overBudget map[string]float64) {
	if !lastSuccess.IsZero() {
		m.lastSuccess.WithLabelValues(check, target).Set(float64(lastSuccess.UnixMilli()) / 1000)
	}
	for test, ratio := range overBudget {
		m.overBudget.WithLabelValues(check, target, test).Set(ratio)
	}
}

// PrepareOnDemand exports zero runs of each result for a kind and check
// outside the schedule, so that the first one is an increase.
func (m *Metrics) PrepareOnDemand(kind, check, target string) {
	for _, r := range synthetic.Results {
		m.onDemand.WithLabelValues(kind, check, target, string(r))
	}
}

// OnDemand records a run outside the schedule (kind verdict or run) in
// its own series, which no scheduled alert reads.
func (m *Metrics) OnDemand(kind string, o synthetic.Outcome) {
	m.onDemand.WithLabelValues(kind, o.Check, o.Target, string(o.Result)).Inc()
	m.onDemandOK.WithLabelValues(kind, o.Check, o.Target).Set(boolean(o.Success()))
}

// Started marks a run of the check as going.
func (m *Metrics) Started(check string) { m.inProgress.WithLabelValues(check).Set(1) }

// Missed counts a skipped slot.
func (m *Metrics) Missed(check, target string) { m.missed.WithLabelValues(check, target).Inc() }

// Observe records a finished run; consecutive is the check's failures in
// a row after it (from the state store).
func (m *Metrics) Observe(o synthetic.Outcome, consecutive int) {
	l := []string{o.Check, o.Target}
	m.inProgress.WithLabelValues(o.Check).Set(0)
	m.success.WithLabelValues(l...).Set(boolean(o.Success()))
	m.duration.WithLabelValues(l...).Observe(o.Duration.Seconds())
	m.lastDuration.WithLabelValues(l...).Set(o.Duration.Seconds())
	m.lastRun.WithLabelValues(l...).Set(float64(o.Start.Add(o.Duration).UnixMilli()) / 1000)
	m.consecutive.WithLabelValues(l...).Set(float64(consecutive))
	m.runs.WithLabelValues(o.Check, o.Target, string(o.Result)).Inc()
	for _, t := range o.Tests {
		if t.Status == "skipped" {
			continue
		}
		tl := append(l, t.Name)
		m.testSuccess.WithLabelValues(tl...).Set(boolean(t.Status == "passed"))
		m.testDuration.WithLabelValues(tl...).Set(t.Time.Seconds())
		m.testWarning.WithLabelValues(tl...).Set(boolean(t.Warning != ""))
		if t.Budget > 0 {
			m.testBudget.WithLabelValues(tl...).Set(t.Budget.Seconds())
		}
	}
}

// Handler serves the registry in the exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry})
}

func gauge(r prometheus.Registerer, name, help string, labels []string) *prometheus.GaugeVec {
	g := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: name, Help: help}, labels)
	r.MustRegister(g)
	return g
}

func counter(r prometheus.Registerer, name, help string, labels []string) *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
	r.MustRegister(c)
	return c
}

// buildInfo exports the binary's version as synthetic_build_info.
func buildInfo(r prometheus.Registerer) {
	version, revision, goVersion := "unknown", "unknown", "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		version, goVersion = bi.Main.Version, bi.GoVersion
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				revision = s.Value
			}
		}
	}
	gauge(r, "synthetic_build_info", "The runner's build: version, VCS revision and Go version; always 1.", []string{"version", "revision", "goversion"}).
		WithLabelValues(version, revision, goVersion).Set(1)
}

func boolean(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
