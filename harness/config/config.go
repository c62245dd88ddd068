package config

import (
	"crypto/x509"
	"regexp"
	"strings"
	"time"
)

// Target says what the suite runs against.
type Target string

const (
	// Sandbox starts the embedded PromptLens stack in-process.
	Sandbox Target = "sandbox"
	// Remote uses the URLs, database and secrets of a real deployment.
	Remote Target = "remote"
)

// Config is everything the suite needs to know about its target.
type Config struct {
	Env    string // SMOKE_ENV: picks .env.<name>
	Target Target // SMOKE_TARGET

	APIURL     string // SMOKE_API_URL
	MailpitURL string // SMOKE_MAILPIT_URL

	ChromePath        string // SMOKE_CHROME_PATH
	HeadlessShell     string // SMOKE_HEADLESS_SHELL
	BrowserURL        string // SMOKE_BROWSER_URL
	ExtBrowserURL     string // SMOKE_EXTENSION_BROWSER_URL
	ExtensionPath     string // SMOKE_EXTENSION_PATH
	HostResolverRules string // SMOKE_HOST_RESOLVER_RULES
	IgnoreCertErrors  bool   // SMOKE_IGNORE_CERT_ERRORS

	AccountPattern *regexp.Regexp // SMOKE_TEST_ACCOUNT_PATTERN
	AccountDomain  string         // SMOKE_TEST_ACCOUNT_DOMAIN

	CAFile string         // SMOKE_CA_FILE: PEM bundle of a private CA
	caPool *x509.CertPool // the system's roots plus CAFile's; nil: the system's

	RequestTimeout time.Duration // SMOKE_REQUEST_TIMEOUT
	ReportDir      string        // SMOKE_REPORT_DIR
	RunID          string        // SMOKE_RUN_ID
	SecretLedger   string        // SMOKE_SECRET_LEDGER: test only, where minted secrets are listed
	FailFast       bool          // SMOKE_FAIL_FAST
	ReadOnly       bool          // SMOKE_READ_ONLY: run only the checks that change nothing
	Optional       []string      // SMOKE_OPTIONAL: tests whose skip does not block
	SandboxFaults  []string      // SANDBOX_FAULTS

	GitSHA   string // GIT_SHA
	DeployID string // DEPLOY_ID

	ExpectVersion string // SMOKE_EXPECT_VERSION: the version the deploy under test serves
	TraceURL      string // SMOKE_TRACE_URL: a trace's link, {trace_id} standing for its id

	Runbook string // SMOKE_RUNBOOK: which product's runbook the gate runs

	values map[string]string // every variable's value (its default when unset)
	vars   []Var             // the variables it knows: the harness's, then the runbooks'
}

// IsOptional reports whether the named test may be skipped without
// blocking the gate.
func (c *Config) IsOptional(test string) bool {
	for _, o := range c.Optional {
		if o == test {
			return true
		}
	}
	return false
}

// Secrets returns every secret value the config holds, for redaction.
func (c *Config) Secrets() []string {
	var out []string
	for _, v := range c.known() {
		if s := c.values[v.Name]; v.Secret && s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Redactor returns a function that masks every secret of c found in a text,
// and the password of a secret URI (a database's) on its own.
func (c *Config) Redactor() func(string) string {
	var pairs []string
	for _, s := range c.Secrets() {
		pairs = append(pairs, s, mask)
		if pw := uriPassword(s); len(pw) >= 4 { // a URI's password may turn up alone
			pairs = append(pairs, pw, mask)
		}
	}
	if len(pairs) == 0 {
		return RedactShapes
	}
	r := strings.NewReplacer(pairs...)
	return func(s string) string { return RedactShapes(r.Replace(s)) }
}

func uriPassword(uri string) string {
	at := strings.LastIndex(uri, "@")
	scheme := strings.Index(uri, "://")
	if at < 0 || scheme < 0 || scheme+3 > at {
		return ""
	}
	userinfo := uri[scheme+3 : at]
	if i := strings.Index(userinfo, ":"); i >= 0 {
		return userinfo[i+1:]
	}
	return ""
}
