package config

import (
	"errors"
	"fmt"
	"strings"

	"github.com/smokegate/smokegate/harness/runbook"
)

// Setting is a variable's value as the configuration holds it (its default
// when unset), for a runbook's conditions (SMOKE_SHOP_MODE=invoice); ""
// for a secret, whose value comes only through Secret.
func (c *Config) Setting(name string) string {
	if v, ok := c.lookupVar(name); ok && v.Secret {
		return ""
	}
	return c.values[name]
}

// Missing returns the names that have no value.
func (c *Config) Missing(names []string) []string {
	var out []string
	for _, name := range names {
		if c.values[name] == "" {
			out = append(out, name)
		}
	}
	return out
}

// MissingFor returns what a check lacks against a remote target, given the
// modes chosen in c. In sandbox mode the stack provides everything.
func (c *Config) MissingFor(chk runbook.Check) []string {
	return c.Missing(chk.NeedsFor(c))
}

// ReadOnlySkip is why a check does not run in read-only mode, or "" when
// it runs.
func (c *Config) ReadOnlySkip(chk runbook.Check) string {
	if !c.ReadOnly || chk.ReadOnlyFor(c) {
		return ""
	}
	return "read-only: SMOKE_READ_ONLY=1 and this check writes to the target"
}

// CheckRemote reports, for a remote target, every variable that a required
// (not optional) check among checks lacks. It names each variable, what it
// is for and which tests need it.
func (c *Config) CheckRemote(checks []runbook.Check) error {
	if c.Target != Remote {
		return nil
	}
	who := map[string][]string{}
	var order []string
	for _, chk := range checks {
		if c.IsOptional(chk.Test) {
			continue
		}
		for _, name := range c.MissingFor(chk) {
			if who[name] == nil {
				order = append(order, name)
			}
			who[name] = append(who[name], chk.Test)
		}
	}
	var errs []error
	for _, name := range order {
		errs = append(errs, fmt.Errorf("%s is not set: %s (needed by %s; set it, or list those tests in SMOKE_OPTIONAL)",
			name, c.purpose(name), strings.Join(who[name], ", ")))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("SMOKE_TARGET=remote lacks configuration:\n%w", err)
	}
	return nil
}

func (c *Config) purpose(name string) string {
	if v, ok := c.lookupVar(name); ok {
		return v.Purpose
	}
	return "?"
}
