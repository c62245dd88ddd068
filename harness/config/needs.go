package config

import (
	"errors"
	"fmt"
	"strings"
)

// Check is one runbook smoke test as the gate counts it: the package
// under smoke/ and the test functions it must run. A gate PASS needs every
// check of the runbook, with each of its functions, to have run and passed
// (or to be skipped for a reason the configuration states).
type Check struct {
	Test  string   // the package under smoke/, e.g. "health"
	Funcs []string // its test functions, e.g. "TestHealth"
	// ReadOnly tells whether the check, in the modes c chooses, changes
	// nothing on the target; SMOKE_READ_ONLY=1 runs only those.
	ReadOnly func(c *Config) bool
}

// Runbook lists the runbook's checks in runbook order.
var Runbook = []Check{
	{Test: "health", Funcs: []string{"TestHealth"}, ReadOnly: always},
	{Test: "signup", Funcs: []string{"TestOAuthSignup"}, ReadOnly: func(c *Config) bool { return c.SignupMode == "redirect" }},
	{Test: "extension", Funcs: []string{"TestOptimizeAndSave"}, ReadOnly: never},
	{Test: "history", Funcs: []string{"TestHistory"}, ReadOnly: never},
	{Test: "quota", Funcs: []string{"TestQuotaReset"}, ReadOnly: never},
	{Test: "billing", Funcs: []string{"TestStripeUpgrade"}, ReadOnly: never},
	{Test: "passwordreset", Funcs: []string{"TestPasswordReset"}, ReadOnly: never},
}

func always(*Config) bool { return true }
func never(*Config) bool  { return false }

// Tests lists the runbook smoke tests in runbook order.
var Tests = func() []string {
	out := make([]string, len(Runbook))
	for i, c := range Runbook {
		out[i] = c.Test
	}
	return out
}()

// RunbookCheck returns the named check of the runbook.
func RunbookCheck(test string) (Check, bool) {
	for _, c := range Runbook {
		if c.Test == test {
			return c, true
		}
	}
	return Check{}, false
}

// ReadOnlySkip is why a test does not run in read-only mode, or "" when
// it runs.
func (c *Config) ReadOnlySkip(test string) string {
	if !c.ReadOnly {
		return ""
	}
	if chk, ok := RunbookCheck(test); ok && chk.ReadOnly(c) {
		return ""
	}
	return "read-only: SMOKE_READ_ONLY=1 and this check writes to the target"
}

// Needs returns the variables a test cannot run without against a remote
// target, given the modes chosen in c. In sandbox mode the stack provides
// them all.
func (c *Config) Needs(test string) []string {
	api := "SMOKE_API_URL"
	dash := "SMOKE_DASHBOARD_URL"
	db := "SMOKE_MONGODB_URI"
	jwt := "SMOKE_JWT_SECRET"
	switch test {
	case "health":
		return []string{api}
	case "signup": // both modes hold the sign-in request to the client id
		if c.SignupMode == "redirect" {
			return []string{api, dash, db, "SMOKE_GOOGLE_CLIENT_ID", "SMOKE_TEST_EMAIL", "SMOKE_TEST_PASSWORD"}
		}
		return []string{api, dash, db, "SMOKE_GOOGLE_CLIENT_ID"}
	case "extension": // the sandbox's own extension is not the one deployed
		return []string{api, dash, db, jwt, "SMOKE_EXTENSION_PATH"}
	case "history":
		return []string{api, dash, db, jwt}
	case "quota":
		return []string{api, db, jwt}
	case "billing": // both modes sign events: a bad signature, a replay, the cancellation
		return []string{api, db, jwt, "SMOKE_STRIPE_WEBHOOK_SECRET"}
	case "passwordreset":
		return []string{api, dash, db, "SMOKE_MAILPIT_URL"}
	}
	return nil
}

// Missing returns the variables of Needs(test) that have no value.
func (c *Config) Missing(test string) []string {
	var out []string
	for _, name := range c.Needs(test) {
		if c.value(name) == "" {
			out = append(out, name)
		}
	}
	return out
}

// CheckRemote reports, for a remote target, every variable that a required
// (not optional) test among tests lacks. It names each variable, what it is
// for and which tests need it.
func (c *Config) CheckRemote(tests []string) error {
	if c.Target != Remote {
		return nil
	}
	who := map[string][]string{}
	var order []string
	for _, t := range tests {
		if c.IsOptional(t) {
			continue
		}
		for _, name := range c.Missing(t) {
			if who[name] == nil {
				order = append(order, name)
			}
			who[name] = append(who[name], t)
		}
	}
	var errs []error
	for _, name := range order {
		errs = append(errs, fmt.Errorf("%s is not set: %s (needed by %s; set it, or list those tests in SMOKE_OPTIONAL)",
			name, purpose(name), strings.Join(who[name], ", ")))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("SMOKE_TARGET=remote lacks configuration:\n%w", err)
	}
	return nil
}

func purpose(name string) string {
	for _, v := range Vars {
		if v.Name == name {
			return v.Purpose
		}
	}
	return "?"
}

func (c *Config) value(name string) string {
	switch name {
	case "SMOKE_API_URL":
		return c.APIURL
	case "SMOKE_DASHBOARD_URL":
		return c.DashboardURL
	case "SMOKE_MAILPIT_URL":
		return c.MailpitURL
	case "SMOKE_MONGODB_URI":
		return c.MongoURI.Value()
	case "SMOKE_JWT_SECRET":
		return c.JWTSecret.Value()
	case "SMOKE_STRIPE_WEBHOOK_SECRET":
		return c.StripeWebhookSecret.Value()
	case "SMOKE_GOOGLE_CLIENT_ID":
		return c.GoogleClientID
	case "SMOKE_TEST_EMAIL":
		return c.TestEmail
	case "SMOKE_TEST_PASSWORD":
		return c.TestPassword.Value()
	case "SMOKE_EXTENSION_PATH":
		return c.ExtensionPath
	}
	return ""
}
