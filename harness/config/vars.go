package config

import (
	"fmt"
	"net/url"
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
}

// Vars lists every variable the suite reads, in the order of .env.example.
var Vars = []Var{
	{Name: "SMOKE_ENV", Purpose: "name of an extra .env.<name> file to load (staging, production)", set: func(c *Config, v string) error { c.Env = v; return nil }},
	{Name: "SMOKE_TARGET", Purpose: "what to test: sandbox (the embedded stack) or remote (a deployment)", Default: "sandbox", set: setTarget},
	{Name: "SMOKE_API_URL", Purpose: "base URL of the backend API, e.g. https://api.promptlens.app", set: urlVar(func(c *Config) *string { return &c.APIURL })},
	{Name: "SMOKE_DASHBOARD_URL", Purpose: "base URL of the web dashboard, e.g. https://dashboard.promptlens.app", set: urlVar(func(c *Config) *string { return &c.DashboardURL })},
	{Name: "SMOKE_MAILPIT_URL", Purpose: "base URL of the Mailpit API that receives the test accounts' mail", set: urlVar(func(c *Config) *string { return &c.MailpitURL })},
	{Name: "SMOKE_FRONTEND_URL", Purpose: "base URL of the web front end whose pages the reset mail links to, e.g. https://selfpubhub.co", set: urlVar(func(c *Config) *string { return &c.FrontendURL })},
	{Name: "SMOKE_CF_API_URL", Purpose: "base URL of Cloudflare's API (D1 queries go through it)", Default: "https://api.cloudflare.com/client/v4", set: urlVar(func(c *Config) *string { return &c.CFAPIURL })},
	{Name: "SMOKE_CF_ACCOUNT_ID", Purpose: "Cloudflare account id that owns the D1 database", set: func(c *Config, v string) error { c.CFAccountID = v; return nil }},
	{Name: "SMOKE_CF_API_TOKEN", Purpose: "Cloudflare API token with D1 edit permission on that account (secret)", Secret: true, set: secretVar(func(c *Config) *Secret { return &c.CFAPIToken })},
	{Name: "SMOKE_D1_DATABASE_ID", Purpose: "id (UUID) of the deployment's D1 database", set: func(c *Config, v string) error { c.D1DatabaseID = v; return nil }},
	{Name: "SMOKE_R2_ENDPOINT", Purpose: "S3 endpoint of the backups bucket, e.g. https://<account id>.r2.cloudflarestorage.com", set: urlVar(func(c *Config) *string { return &c.R2Endpoint })},
	{Name: "SMOKE_R2_ACCESS_KEY_ID", Purpose: "R2 access key id with read access to the backups bucket", set: func(c *Config, v string) error { c.R2AccessKeyID = v; return nil }},
	{Name: "SMOKE_R2_SECRET_ACCESS_KEY", Purpose: "R2 secret access key of SMOKE_R2_ACCESS_KEY_ID (secret)", Secret: true, set: secretVar(func(c *Config) *Secret { return &c.R2SecretAccessKey })},
	{Name: "SMOKE_R2_BUCKET", Purpose: "name of the backups bucket, e.g. manuscript-platform-backups", set: func(c *Config, v string) error { c.R2Bucket = v; return nil }},
	{Name: "SMOKE_MONGODB_URI", Purpose: "MongoDB connection string of the deployment (secret: may hold credentials)", Secret: true, set: setMongoURI},
	{Name: "SMOKE_MONGODB_DB", Purpose: "database name", Default: "promptlens", set: func(c *Config, v string) error { c.MongoDB = v; return nil }},
	{Name: "SMOKE_JWT_SECRET", Purpose: "the API's JWT_SECRET, to mint tokens for the suite's own test accounts (secret)", Secret: true, set: secretVar(func(c *Config) *Secret { return &c.JWTSecret })},
	{Name: "SMOKE_STRIPE_SECRET_KEY", Purpose: "Stripe test-mode key sk_test_... for checkout mode (secret; a live key sk_live_/rk_live_ is refused at start)", Secret: true, set: setStripeKey},
	{Name: "SMOKE_STRIPE_WEBHOOK_SECRET", Purpose: "signing secret whsec_... of the API's Stripe webhook endpoint (secret)", Secret: true, set: secretVar(func(c *Config) *Secret { return &c.StripeWebhookSecret })},
	{Name: "SMOKE_STRIPE_API_URL", Purpose: "Stripe's API, where checkout mode looks up the events of its payment, to remove the product's records of them afterwards", Default: "https://api.stripe.com", set: urlVar(func(c *Config) *string { return &c.StripeAPIURL })},
	{Name: "SMOKE_STRIPE_WEBHOOK_PATH", Purpose: "path of the Stripe webhook endpoint on the API", Default: "/api/upgrade", set: pathVar(func(c *Config) *string { return &c.StripeWebhookPath })},
	{Name: "SMOKE_BILLING_MODE", Purpose: "how the billing test pays: checkout (hosted page in Chromium) or signed-event (a signed webhook event)", Default: "checkout", set: enumVar(func(c *Config) *string { return &c.BillingMode }, "checkout", "signed-event")},
	{Name: "SMOKE_SIGNUP_MODE", Purpose: "how the signup test signs in: full (a test identity provider) or redirect (real Google: stop at its consent page)", Default: "full", set: enumVar(func(c *Config) *string { return &c.SignupMode }, "full", "redirect")},
	{Name: "SMOKE_GOOGLE_CLIENT_ID", Purpose: "OAuth client id the dashboard must send to the identity provider", set: func(c *Config, v string) error { c.GoogleClientID = v; return nil }},
	{Name: "SMOKE_TEST_EMAIL", Purpose: "a pre-made test account (redirect signup mode); must match SMOKE_TEST_ACCOUNT_PATTERN", set: func(c *Config, v string) error { c.TestEmail = v; return nil }},
	{Name: "SMOKE_TEST_PASSWORD", Purpose: "password of SMOKE_TEST_EMAIL (secret)", Secret: true, set: secretVar(func(c *Config) *Secret { return &c.TestPassword })},
	{Name: "SMOKE_CHROME_PATH", Purpose: "Chromium binary; default: the first of chromium, chromium-browser, google-chrome on PATH", set: func(c *Config, v string) error { c.ChromePath = v; return nil }},
	{Name: "SMOKE_HEADLESS_SHELL", Purpose: "the browser for tabs that need no extension; default: chromium-headless-shell on PATH (make setup installs it), else full Chromium; off: full Chromium for every tab", set: func(c *Config, v string) error { c.HeadlessShell = v; return nil }},
	{Name: "SMOKE_BROWSER_URL", Purpose: "set by the gate, not by hand: the DevTools address (ws://...) of the run's shared browser for pages; empty: a test binary launches its own", set: func(c *Config, v string) error { c.BrowserURL = v; return nil }},
	{Name: "SMOKE_EXTENSION_BROWSER_URL", Purpose: "set by the gate, not by hand: the DevTools address of the run's shared Chromium with the extension loaded; empty: a test binary launches its own", set: func(c *Config, v string) error { c.ExtBrowserURL = v; return nil }},
	{Name: "SMOKE_EXTENSION_PATH", Purpose: "unpacked extension under test (folder with manifest.json); default: the sandbox's", set: func(c *Config, v string) error { c.ExtensionPath = v; return nil }},
	{Name: "SMOKE_CHAT_URL", Purpose: "chat page the extension test opens", Default: "https://chat.openai.com/", set: urlVar(func(c *Config) *string { return &c.ChatURL })},
	{Name: "SMOKE_HOST_RESOLVER_RULES", Purpose: "Chromium --host-resolver-rules, to map the chat hosts to replica pages", set: func(c *Config, v string) error { c.HostResolverRules = v; return nil }},
	{Name: "SMOKE_IGNORE_CERT_ERRORS", Purpose: "accept self-signed certificates in Chromium (replica pages only)", Default: "false", set: boolVar(func(c *Config) *bool { return &c.IgnoreCertErrors })},
	{Name: "SMOKE_TEST_ACCOUNT_PATTERN", Purpose: "regular expression every test account's email must match, anchored ^...$; the suite writes to no other account, and a pattern matching an ordinary address (ceo@promptlens.app) is refused", Default: `^smoke\+[a-z0-9-]+@smokegate\.test$`, set: setPattern},
	{Name: "SMOKE_TEST_ACCOUNT_DOMAIN", Purpose: "mail domain of the accounts the suite creates", Default: "smokegate.test", set: func(c *Config, v string) error { c.AccountDomain = v; return nil }},
	{Name: "SMOKE_LOGIN_PATH", Purpose: "API path of password login", Default: "/api/auth/login", set: pathVar(func(c *Config) *string { return &c.LoginPath })},
	{Name: "SMOKE_RESET_REQUEST_PATH", Purpose: "API path that emails a password reset link", Default: "/api/auth/password-reset-request", set: pathVar(func(c *Config) *string { return &c.ResetRequestPath })},
	{Name: "SMOKE_RESET_PATH", Purpose: "API path that sets a new password with a reset token", Default: "/api/auth/password-reset", set: pathVar(func(c *Config) *string { return &c.ResetPath })},
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
		if v == "" {
			return nil
		}
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("is %q, not an http(s) URL; write it like https://api.example.com", v)
		}
		*field(c) = strings.TrimRight(v, "/")
		return nil
	}
}

func pathVar(field func(*Config) *string) func(*Config, string) error {
	return func(c *Config, v string) error {
		if !strings.HasPrefix(v, "/") {
			return fmt.Errorf("is %q; a path starts with /", v)
		}
		*field(c) = v
		return nil
	}
}

func secretVar(field func(*Config) *Secret) func(*Config, string) error {
	return func(c *Config, v string) error { *field(c) = NewSecret(v); return nil }
}

func enumVar(field func(*Config) *string, allowed ...string) func(*Config, string) error {
	return func(c *Config, v string) error {
		for _, a := range allowed {
			if v == a {
				*field(c) = v
				return nil
			}
		}
		return fmt.Errorf("is %q; use one of %s", v, strings.Join(allowed, ", "))
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

// liveKeyPrefixes are Stripe's live-mode secret and restricted keys. The
// billing test creates Stripe objects in checkout mode and needs no key in
// signed-event mode, so a live key is never wanted: refuse it before any
// network call.
var liveKeyPrefixes = []string{"sk_live_", "rk_live_"}

func setStripeKey(c *Config, v string) error {
	for _, p := range liveKeyPrefixes {
		if strings.HasPrefix(strings.TrimSpace(v), p) {
			return fmt.Errorf("is a live-mode key (%s...): the suite never pays in live mode; use a test-mode key sk_test_..., or leave it empty with SMOKE_BILLING_MODE=signed-event", p)
		}
	}
	c.StripeSecretKey = NewSecret(v)
	return nil
}

func setMongoURI(c *Config, v string) error {
	if v != "" && !strings.HasPrefix(v, "mongodb://") && !strings.HasPrefix(v, "mongodb+srv://") {
		return fmt.Errorf("does not start with mongodb:// or mongodb+srv://")
	}
	c.MongoURI = NewSecret(v)
	return nil
}

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
