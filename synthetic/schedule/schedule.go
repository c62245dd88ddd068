package schedule

import (
	"slices"
	"time"

	"github.com/robfig/cron/v3"
)

// File is a loaded synthetic.yml with its defaults filled in.
type File struct {
	Path          string            // where it was read from; "" for the defaults
	Listen        string            // serve: address of /metrics, /healthz and the status page
	Reports       string            // root of the run reports: <Reports>/synthetic/<check>/<time>-<run id>/
	StatusURL     string            // the status page as people reach it, for links in notifications
	MaxJitter     time.Duration     // a slot starts up to min(MaxJitter, Every/10) late, at random
	ShutdownGrace time.Duration     // on SIGTERM, runs in progress get this long before they are cancelled
	Pushgateway   string            // once: push the run's metrics here (SYNTHETIC_PUSHGATEWAY_URL wins)
	APIToken      string            // SYNTHETIC_API_TOKEN (environment only): bearer token of the delivery endpoints; empty: they are off
	Labels        map[string]string // added to every metric, e.g. region: eu-west
	Retention     Retention
	Notify        Notify
	Checks        []Check
	Maintenance   []Maintenance // recurring windows in which the target is expected to be down
}

// Retention says how many run folders to keep per check.
type Retention struct {
	Keep   int           // newest run folders kept per check
	MaxAge time.Duration // older run folders go even within Keep
}

// Notify configures the direct notifier.
type Notify struct {
	AfterFailures  int           // consecutive failures that make a check "failing"
	SlackURL       string        // Slack incoming webhook (SYNTHETIC_SLACK_WEBHOOK_URL wins); a secret
	WebhookURL     string        // generic JSON webhook (SYNTHETIC_WEBHOOK_URL wins); a secret
	DeploySlackURL string        // Slack webhook of the deploy channel (SYNTHETIC_DEPLOY_SLACK_WEBHOOK_URL wins); a secret
	Timeout        time.Duration // one POST
	Attempts       int           // POSTs before giving up
	Backoff        time.Duration // wait before the second attempt, doubled after each
}

// Check is one scheduled set of runbook tests.
type Check struct {
	Name     string
	Runbook  string        // the product's runbook (a folder under bin/smoke); empty: the gate's default
	Tests    []string      // runbook tests, in runbook order; empty: all
	At       time.Duration // with At set (HasAt), slots fall at this time of day (UTC) plus multiples of Every
	HasAt    bool
	Day      Day // with HasDay, slots fall on these days at At (UTC)
	HasDay   bool
	Cron     string        // a five-field cron expression (UTC) an outside scheduler runs the check on
	Every    time.Duration // period of the slots; with Day or Cron, the longest gap between two
	Deadline time.Duration // a run still going after this is cancelled and counted as an error
	Browser  bool          // needs Chromium: browser checks never run at the same time
	Retries  int           // a failed run is run again this many times; a pass on retry is "flaky"
	// AfterFailures is how many failed runs in a row make the check
	// failing: one notification, and the alert rules' threshold (exported
	// as synthetic_check_failure_threshold). Default notify.after_failures.
	AfterFailures int

	cron cron.Schedule
}

// Check returns the named check.
func (f *File) Check(name string) (Check, bool) {
	i := slices.IndexFunc(f.Checks, func(c Check) bool { return c.Name == name })
	if i < 0 {
		return Check{}, false
	}
	return f.Checks[i], true
}

// Names lists the checks in file order.
func (f *File) Names() []string {
	out := make([]string, len(f.Checks))
	for i, c := range f.Checks {
		out[i] = c.Name
	}
	return out
}

// Secrets returns the values that must never be printed (the webhook URLs
// carry their tokens), for the redactor.
func (f *File) Secrets() []string {
	var out []string
	for _, s := range []string{f.Notify.SlackURL, f.Notify.WebhookURL, f.Notify.DeploySlackURL, f.Pushgateway, f.APIToken} {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
