package status

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/smokegate/smokegate/synthetic"
	"github.com/smokegate/smokegate/synthetic/state"
)

// Source is what the page shows: the state store, or recorded state.
type Source interface{ Snapshot() []state.Check }

// Extras are what the page shows beside the scheduled checks.
type Extras struct {
	Windows  []string            // the windows, open or recurring, as sentences
	OnDemand []synthetic.Outcome // deploy verdicts and run-now, newest first
}

// Handler serves the page. runsRoot is the folder served under /reports/
// (the runs' reports); redact is applied to every message once more;
// extras (nil: none) gives the windows and the runs outside the schedule,
// which have a section of their own.
func Handler(src Source, runsRoot string, redact func(string) string, extras func() Extras) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page := Page{Generated: time.Now().UTC().Format(time.RFC3339)}
		for _, c := range src.Snapshot() {
			page.Checks = append(page.Checks, view(c, runsRoot, redact))
		}
		if extras != nil {
			x := extras()
			page.Windows = x.Windows
			for _, o := range x.OnDemand {
				page.OnDemand = append(page.OnDemand, onDemandView(o, runsRoot, redact))
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:")
		if err := pageTemplate.Execute(w, page); err != nil {
			http.Error(w, "render the status page: "+err.Error(), http.StatusInternalServerError)
		}
	})
}

// Page is the template's data.
type Page struct {
	Generated string
	Checks    []Check
	Windows   []string
	OnDemand  []Run
}

// Run is one run outside the schedule as the page shows it.
type Run struct {
	Kind, Check, State, Label, When, Line, Report string
}

func onDemandView(o synthetic.Outcome, runsRoot string, redact func(string) string) Run {
	kind := "deploy verdict"
	if o.Kind == synthetic.OnDemandRun {
		kind = "run now"
	}
	cls, label := stateOf(o.Result)
	return Run{Kind: kind, Check: o.Check, State: cls, Label: label, When: o.Start.UTC().Format("2006-01-02 15:04:05Z"),
		Line: redact(o.Line), Report: reportHref(runsRoot, o.ReportDir)}
}

// Check is one check as the page shows it.
type Check struct {
	Name, State, Label  string // State: pass, fail, error, unknown (the CSS class)
	Every               string
	Running             bool
	Missed, Consecutive int
	LastRun, LastLine   string
	Marks               []Mark
	Chart               Chart
	Failure             *Failure
}

// Mark is one run in the strip.
type Mark struct {
	X     int
	Class string
	Title string
}

// Failure is the last failing (or undecided) run.
type Failure struct {
	When, Message, RunID, Report string
}

func view(c state.Check, runsRoot string, redact func(string) string) Check {
	v := Check{Name: c.Name, State: "unknown", Label: "no run yet", Every: c.Every.String(),
		Running: c.Running, Missed: c.Missed, Consecutive: c.ConsecutiveFailures}
	if last, ok := c.Last(); ok {
		v.State, v.Label = stateOf(last.Result)
		v.LastRun = last.Start.UTC().Format("2006-01-02 15:04:05Z") + " (" + last.Duration.Round(time.Millisecond).String() + ")"
		v.LastLine = redact(last.Line)
	}
	for i, o := range c.Runs {
		cls, _ := stateOf(o.Result)
		v.Marks = append(v.Marks, Mark{X: i * markStep, Class: cls,
			Title: fmt.Sprintf("%s %s %s: %s", o.Start.UTC().Format("15:04:05Z"), o.RunID, o.Result, redact(o.Line))})
	}
	v.Chart = chart(c.Runs)
	if f := c.LastFailure; f != nil {
		v.Failure = &Failure{When: f.Start.UTC().Format("2006-01-02 15:04:05Z"), Message: redact(f.Message),
			RunID: f.RunID, Report: reportHref(runsRoot, f.ReportDir)}
	}
	return v
}

func stateOf(r synthetic.Result) (class, label string) {
	switch r {
	case synthetic.Pass:
		return "pass", "passing"
	case synthetic.Flaky:
		return "pass", "passing (flaky: passed on a retry)"
	case synthetic.Fail:
		return "fail", "FAILING"
	default:
		return "error", "could not decide (gate error)"
	}
}

// reportHref links a run's summary under /reports/, or is empty for a
// folder outside the served one.
func reportHref(runsRoot, dir string) string {
	rel, err := filepath.Rel(runsRoot, dir)
	if err != nil || dir == "" || strings.HasPrefix(rel, "..") {
		return ""
	}
	return "/reports/" + filepath.ToSlash(rel) + "/summary.md"
}
