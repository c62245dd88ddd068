package schedule

import "time"

// The runbook's defaults: the uptime check of the API every minute, the
// whole suite every 15 minutes.
const (
	DefaultListen        = ":9120"
	DefaultReports       = "reports"
	DefaultMaxJitter     = 10 * time.Second
	DefaultShutdownGrace = 30 * time.Second
	DefaultKeep          = 200
	DefaultMaxAge        = 14 * 24 * time.Hour
	DefaultAfterFailures = 3 // the runbook's "health check fails 3 consecutive times"
	DefaultNotifyTimeout = 5 * time.Second
	DefaultAttempts      = 4
	DefaultBackoff       = time.Second
)

// DefaultWith is the built-in schedule with the SYNTHETIC_* variables of
// lookup applied, as a file's would be.
func DefaultWith(lookup func(string) (string, bool)) *File {
	f := Default()
	env(f, lookup)
	return f
}

// Default is the schedule used when there is no synthetic.yml.
func Default() *File {
	f := &File{Checks: []Check{
		{Name: "health", Tests: []string{"health"}, Every: time.Minute, Deadline: time.Minute},
		{Name: "full", Every: 15 * time.Minute, Deadline: 10 * time.Minute, Browser: true},
	}}
	fill(f)
	for i := range f.Checks {
		f.Checks[i].AfterFailures = f.Notify.AfterFailures
	}
	return f
}

// fill sets every unset top-level setting to its default.
func fill(f *File) {
	setDefault(&f.Listen, DefaultListen)
	setDefault(&f.Reports, DefaultReports)
	setDefault(&f.MaxJitter, DefaultMaxJitter)
	setDefault(&f.ShutdownGrace, DefaultShutdownGrace)
	setDefault(&f.Retention.Keep, DefaultKeep)
	setDefault(&f.Retention.MaxAge, DefaultMaxAge)
	setDefault(&f.Notify.AfterFailures, DefaultAfterFailures)
	setDefault(&f.Notify.Timeout, DefaultNotifyTimeout)
	setDefault(&f.Notify.Attempts, DefaultAttempts)
	setDefault(&f.Notify.Backoff, DefaultBackoff)
}

func setDefault[T comparable](p *T, v T) {
	var zero T
	if *p == zero {
		*p = v
	}
}
