package schedule

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

const invalidDir = "../../testdata/synthetic/invalid"

// runbookTests are the tests of the runbook the command would load.
var runbookTests = []string{"health", "signup", "extension", "history", "quota", "billing", "passwordreset"}

// Each invalid example in testdata/synthetic/invalid is refused with an
// error naming the file, the line and the key.
func TestInvalidFiles(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"unknown-check-key.yml", []string{"unknown-check-key.yml:4:", `unknown key "evry" in checks[0]`, `did you mean "every"?`}},
		{"unknown-top-key.yml", []string{"unknown-top-key.yml:2:", `unknown key "lisen" in the file`, `did you mean "listen"?`}},
		{"bad-every.yml", []string{"bad-every.yml:3:", `checks[0].every is "1 minute", not a duration`}},
		{"negative-deadline.yml", []string{"negative-deadline.yml:4:", `checks[0].deadline is "-5s"`}},
		{"unitless-timeout.yml", []string{"unitless-timeout.yml:2:", `notify.timeout is "5", not a duration`}},
		{"bad-max-age.yml", []string{"bad-max-age.yml:2:", `retention.max_age is "2w"`}},
		{"unknown-test.yml", []string{`tests: "helth" is not a runbook test`}},
		{"duplicate-check.yml", []string{`checks[1].name "health" is used twice`}},
		{"missing-every.yml", []string{`checks[0] (health): every is missing`}},
		{"no-checks.yml", []string{"no-checks.yml:1:", "no checks"}},
		{"bad-name.yml", []string{`checks[0].name is "Health Check"`}},
		{"reserved-label.yml", []string{"reserved-label.yml:2:", `labels.check: the runner's own series already use the label "check"`}},
		{"version-label.yml", []string{"version-label.yml:2:", `labels.version: the runner's own series already use the label "version"`}},
		{"bad-day.yml", []string{"bad-day.yml:2:", `checks[0].day: "first mondey": "mondey" is not a weekday`}},
		{"day-without-at.yml", []string{"day-without-at.yml:2:", "checks[0]: day needs at"}},
		{"bad-cron.yml", []string{"bad-cron.yml:2:", `checks[0].cron: "*/5 * * *" is not a five-field cron expression`}},
		{"cron-every-disagree.yml", []string{"cron-every-disagree.yml:2:", "checks[0]: every is 1m0s but its slots come every 5m0s"}},
		{"bad-time-zone.yml", []string{"bad-time-zone.yml:5:", `maintenance[0].time_zone "Mars/Olympus" is not a known IANA time zone`}},
		{"maintenance-unknown-check.yml", []string{`maintenance[0].checks: "helth" is not a check of this file`}},
		{"bad-webhook-url.yml", []string{"notify.webhook_url is not an http(s) URL"}},
		{"bad-browser.yml", []string{"bad-browser.yml:4:", `checks[0].browser is "maybe", want true or false`}},
		{"not-yaml.yml", []string{"not-yaml.yml: not valid YAML"}},
	}
	files, _ := filepath.Glob(filepath.Join(invalidDir, "*.yml"))
	if len(files) != len(tests) {
		t.Errorf("%d files in %s, %d cases: give every invalid example a case", len(files), invalidDir, len(tests))
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			f, err := Load(filepath.Join(invalidDir, tc.file), nil)
			if err == nil {
				err = f.CheckTests(func(string) ([]string, error) { return runbookTests, nil })
			}
			if err == nil {
				t.Fatal("loaded without error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not say %q:\n%v", w, err)
				}
			}
		})
	}
}

// The documented example is valid and says the same as the defaults.
func TestExampleIsTheDefault(t *testing.T) {
	f, err := Load("../synthetic.example.yml", nil)
	if err != nil {
		t.Fatal(err)
	}
	def := Default()
	f.Path = ""
	if got, want := describe(f), describe(def); got != want {
		t.Errorf("the example differs from the defaults:\nexample:  %s\ndefaults: %s", got, want)
	}
}

func describe(f *File) string {
	var b strings.Builder
	b.WriteString(f.Listen + " " + f.Reports + " " + f.MaxJitter.String() + " " + f.ShutdownGrace.String())
	b.WriteString(" " + f.Retention.MaxAge.String() + " " + f.Notify.Timeout.String() + " " + f.Notify.Backoff.String())
	for _, c := range f.Checks {
		b.WriteString(" | " + c.Name + " " + strings.Join(c.Tests, ",") + " " + c.Every.String() + " " + c.Deadline.String())
		if c.Browser {
			b.WriteString(" browser")
		}
	}
	return b.String() + " " + itoa(f.Retention.Keep) + " " + itoa(f.Notify.AfterFailures) + " " + itoa(f.Notify.Attempts)
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestDefaultsAndEnvironment(t *testing.T) {
	src := "labels: {region: eu-west}\nchecks:\n  - name: quick\n    tests: [health, quota]\n    every: 30s\n"
	env := map[string]string{"SYNTHETIC_WEBHOOK_URL": "https://hooks.example/abc", "SYNTHETIC_PUSHGATEWAY_URL": "http://pg:9091"}
	f, err := Parse("s.yml", []byte(src), func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	c, ok := f.Check("quick")
	if !ok {
		t.Fatal("check quick missing")
	}
	tests := []struct{ name, got, want string }{
		{"deadline defaults to every", c.Deadline.String(), "30s"},
		{"a check with a browser test needs the browser", boolStr(c.Browser), "true"},
		{"webhook from the environment", f.Notify.WebhookURL, env["SYNTHETIC_WEBHOOK_URL"]},
		{"pushgateway from the environment", f.Pushgateway, env["SYNTHETIC_PUSHGATEWAY_URL"]},
		{"label", f.Labels["region"], "eu-west"},
		{"listen default", f.Listen, DefaultListen},
		{"secrets for the redactor", strings.Join(f.Secrets(), " "), "https://hooks.example/abc http://pg:9091"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

func boolStr(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.yml"), nil)
	if err == nil || !strings.Contains(err.Error(), "nope.yml") {
		t.Errorf("got %v, want an error naming the file", err)
	}
	if _, err := os.Stat(invalidDir); err != nil {
		t.Fatal(err)
	}
}

// The manuscript platform's example schedule loads: its daily backup
// check at 03:30 UTC on its own runbook.
func TestManuscriptExample(t *testing.T) {
	f, err := Load("../manuscript.example.yml", nil)
	if err != nil {
		t.Fatal(err)
	}
	c, ok := f.Check("manuscript-backups")
	if !ok || c.Runbook != "manuscript" || !c.HasAt || c.At != 3*time.Hour+30*time.Minute || c.Every != 24*time.Hour || c.Browser {
		t.Errorf("manuscript-backups = %+v, want the manuscript runbook daily at 03:30 without a browser", c)
	}
	r, ok := f.Check("manuscript-restore")
	if !ok || !r.HasDay || r.Day.String() != "first monday" || r.AfterFailures != 1 || r.Tests[0] != "restore" {
		t.Errorf("manuscript-restore = %+v, want the restore drill on the first Monday, critical at once", r)
	}
	if m, ok := f.InMaintenance("manuscript-api", time.Date(2026, 12, 6, 3, 0, 0, 0, time.UTC)); !ok || m.Name != "sunday-maintenance" {
		t.Error("Sunday 03:00 UTC is not in the maintenance window for manuscript-api")
	}
	if _, ok := f.InMaintenance("manuscript-backups", time.Date(2026, 12, 6, 3, 30, 0, 0, time.UTC)); ok {
		t.Error("the maintenance window mutes the backups check too; it should mute the API check only")
	}
	if _, err := Parse("bad-at.yml", []byte("checks:\n  - name: b\n    every: 24h\n    at: \"3pm\"\n"), nil); err == nil || !strings.Contains(err.Error(), `at is "3pm", not a time of day`) {
		t.Errorf("a bad at: %v", err)
	}
}

// Without a file the SYNTHETIC_* variables still apply: a token or a
// webhook in the environment is never ignored.
func TestDefaultWithEnv(t *testing.T) {
	env := map[string]string{"SYNTHETIC_API_TOKEN": "tok", "SYNTHETIC_WEBHOOK_URL": "https://hooks.example/x"}
	f := DefaultWith(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if f.APIToken != "tok" || f.Notify.WebhookURL != "https://hooks.example/x" {
		t.Errorf("token %q, webhook %q: the environment was ignored", f.APIToken, f.Notify.WebhookURL)
	}
}
