package config

import (
	"errors"
	"fmt"
	"strings"
)

// Tests lists the runbook smoke tests in runbook order.
var Tests = []string{"health", "signup", "extension", "history", "quota", "billing", "passwordreset"}

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
	case "signup":
		if c.SignupMode == "redirect" {
			return []string{api, dash, db, "SMOKE_GOOGLE_CLIENT_ID", "SMOKE_TEST_EMAIL", "SMOKE_TEST_PASSWORD"}
		}
		return []string{api, dash, db}
	case "extension", "history":
		return []string{api, dash, db, jwt}
	case "quota":
		return []string{api, db, jwt}
	case "billing":
		if c.BillingMode == "signed-event" {
			return []string{api, db, jwt, "SMOKE_STRIPE_WEBHOOK_SECRET"}
		}
		return []string{api, db, jwt}
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
	}
	return ""
}
