package config

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Var describes one configuration variable: its name, what it is for, its
// default and how it is parsed into a Config.
type Var struct {
	Name    string
	Purpose string
	Default string
	Secret  bool
	set     func(c *Config, v string) error
	url     bool // a product's URL, shown in the report (URLProperties)
	own     bool // declared by the running runbook
}

// Vars lists every variable the suite reads, in the order of .env.example.
var Vars = []Var{
	{Name: "SMOKE_ENV", Purpose: "name of an extra .env.<name> file to load (staging, production)", set: func(c *Config, v string) error { c.Env = v; return nil }},
	{Name: "SMOKE_TARGET", Purpose: "what to test: sandbox (the embedded stack) or remote (a deployment)", Default: "sandbox", set: setTarget},
	{Name: "SMOKE_API_URL", Purpose: "base URL of the backend API, e.g. https://api.promptlens.app", set: urlVar(func(c *Config) *string { return &c.APIURL })},
	{Name: "SMOKE_MAILPIT_URL", Purpose: "base URL of the Mailpit API that receives the test accounts' mail", set: urlVar(func(c *Config) *string { return &c.MailpitURL })},
	{Name: "SMOKE_CHROME_PATH", Purpose: "Chromium binary; default: the first of chromium, chromium-browser, google-chrome on PATH", set: func(c *Config, v string) error { c.ChromePath = v; return nil }},
	{Name: "SMOKE_HEADLESS_SHELL", Purpose: "the browser for tabs that need no extension, a path or a name on PATH; default: Debian's chromium-headless-shell (make setup installs it), else full Chromium; off: full Chromium for every tab", set: setHeadlessShell},
	{Name: "SMOKE_BROWSER_URL", Purpose: "set by the gate, not by hand: the DevTools address (ws://...) of the run's shared browser for pages; empty: a test binary launches its own", set: func(c *Config, v string) error { c.BrowserURL = v; return nil }},
	{Name: "SMOKE_EXTENSION_BROWSER_URL", Purpose: "set by the gate, not by hand: the DevTools address of the run's shared Chromium with the extension loaded; empty: a test binary launches its own", set: func(c *Config, v string) error { c.ExtBrowserURL = v; return nil }},
	{Name: "SMOKE_EXTENSION_PATH", Purpose: "unpacked extension under test (folder with manifest.json); default: the sandbox's", set: func(c *Config, v string) error { c.ExtensionPath = v; return nil }},
	{Name: "SMOKE_HOST_RESOLVER_RULES", Purpose: "Chromium --host-resolver-rules, to map the chat hosts to replica pages", set: func(c *Config, v string) error { c.HostResolverRules = v; return nil }},
	{Name: "SMOKE_IGNORE_CERT_ERRORS", Purpose: "accept self-signed certificates in Chromium (replica pages only)", Default: "false", set: boolVar(func(c *Config) *bool { return &c.IgnoreCertErrors })},
	{Name: "SMOKE_TEST_ACCOUNT_PATTERN", Purpose: "regular expression every test account's email must match, anchored ^...$; the suite writes to no other account, and a pattern matching an ordinary address (ceo@promptlens.app) is refused", Default: `^smoke\+[a-z0-9-]+@smokegate\.test$`, set: setPattern},
	{Name: "SMOKE_TEST_ACCOUNT_DOMAIN", Purpose: "mail domain of the accounts the suite creates", Default: "smokegate.test", set: func(c *Config, v string) error { c.AccountDomain = v; return nil }},
	{Name: "SMOKE_CA_FILE", Purpose: "PEM bundle of a private CA the deployment's certificates chain to, trusted by the gate's HTTP clients on top of the system's roots", set: setCAFile},
	{Name: "SMOKE_REQUEST_TIMEOUT", Purpose: "timeout of one HTTP request", Default: "5s", set: setTimeout},
	{Name: "SMOKE_ROOT", Purpose: "set by the gate for its test binaries: the folder of .env and of a relative report dir; default: the folder with go.mod above, or the current one", set: func(*Config, string) error { return nil }},
	{Name: "SMOKE_REPORT_DIR", Purpose: "where JUnit, summary and evidence go", Default: "reports", set: func(c *Config, v string) error { c.ReportDir = v; return nil }},
	{Name: "SMOKE_SECRET_LEDGER", Purpose: "for the project's own canary test, never in CI or production: an absolute file outside the report dir to which every test binary appends each secret it mints or receives (raw), so the test can search the reports for them", set: func(c *Config, v string) error { c.SecretLedger = v; return nil }},
	{Name: "SMOKE_RUN_ID", Purpose: "id of this run, part of every test account and record; default: generated", set: setRunID},
	{Name: "SMOKE_FAIL_FAST", Purpose: "1: run the tests one by one in runbook order and stop at the first failure", Default: "false", set: boolVar(func(c *Config) *bool { return &c.FailFast })},
	{Name: "SMOKE_EXPECT_VERSION", Purpose: "the version the deploy under test serves (the health answer's version); when set, any other version is a gate error: the deploy is not live at SMOKE_API_URL, so the run would say nothing about it", set: func(c *Config, v string) error { c.ExpectVersion = v; return nil }},
	{Name: "SMOKE_TRACE_URL", Purpose: "a link to one trace in your tracing UI, with {trace_id} where the id goes (e.g. https://tempo.example/explore?traceId={trace_id}); the HTML report links each check's trace.id through it", set: setTraceURL},
	{Name: "SMOKE_RUNBOOK", Purpose: "which product's runbook the gate runs: the folder under smoke/ (and bin/smoke/) holding its runbook.yml", Default: "promptlens", set: func(c *Config, v string) error { c.Runbook = v; return nil }},
	{Name: "SMOKE_RUNBOOK_FILE", Purpose: "set by the gate: the runbook.yml a test binary holds itself to; alone, a binary finds the one beside it (bin) or above its package (go test)", set: func(*Config, string) error { return nil }},
	{Name: "SMOKE_READ_ONLY", Purpose: "1: the target allows no writes; run only the checks that change nothing (health, redirect-mode signup) and report the rest as skipped; never a full PASS", Default: "false", set: boolVar(func(c *Config) *bool { return &c.ReadOnly })},
	{Name: "SMOKE_OPTIONAL", Purpose: "comma-separated tests whose skip does not block the gate, e.g. signup,billing", set: func(c *Config, v string) error { c.Optional = List(v); return nil }},
	{Name: "SANDBOX_FAULTS", Purpose: "sandbox only: comma-separated named faults to switch on", set: func(c *Config, v string) error { c.SandboxFaults = List(v); return nil }},
	{Name: "GIT_SHA", Purpose: "commit being deployed, copied into the report", set: func(c *Config, v string) error { c.GitSHA = v; return nil }},
	{Name: "DEPLOY_ID", Purpose: "deployment id, copied into the report", set: func(c *Config, v string) error { c.DeployID = v; return nil }},
}

func setTarget(c *Config, v string) error {
	switch Target(v) {
	case Sandbox, Remote:
		c.Target = Target(v)
		return nil
	}
	return fmt.Errorf("is %q; use sandbox or remote", v)
}

func urlVar(field func(*Config) *string) func(*Config, string) error {
	return func(c *Config, v string) error {
		u, err := checkURL(v)
		*field(c) = u
		return err
	}
}

func boolVar(field func(*Config) *bool) func(*Config, string) error {
	return func(c *Config, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("is %q; use 1 or 0 (true or false)", v)
		}
		*field(c) = b
		return nil
	}
}

// liveKeyPrefixes are Stripe's live-mode secret and restricted keys. A
// check that creates Stripe objects does so in test mode, so a live key is
// never wanted: a stripe-key variable refuses it before any network call.
var liveKeyPrefixes = []string{"sk_live_", "rk_live_"}

func setTimeout(c *Config, v string) error {
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return fmt.Errorf("is %q; use a positive duration such as 5s", v)
	}
	c.RequestTimeout = d
	return nil
}

var runIDPattern = regexp.MustCompile(`^[a-z0-9]{4,20}$`)

func setRunID(c *Config, v string) error {
	if v != "" && !runIDPattern.MatchString(v) {
		return fmt.Errorf("is %q; use 4 to 20 lowercase letters and digits", v)
	}
	c.RunID = v
	return nil
}

// List is a comma-separated setting's non-empty items, trimmed
// (SMOKE_OPTIONAL, SANDBOX_FAULTS, a -faults flag).
func List(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
