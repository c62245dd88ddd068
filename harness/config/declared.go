package config

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/smokegate/smokegate/harness/runbook"
)

// declare turns a product variable its runbook declares into a Var, with
// the check its kind asks for. A name the harness reads itself cannot be
// declared again.
func declare(d runbook.Variable) (Var, error) {
	if slices.ContainsFunc(Vars, func(v Var) bool { return v.Name == d.Name }) {
		return Var{}, fmt.Errorf("the runbook declares %s, which is the harness's own variable: remove it from the runbook's variables", d.Name)
	}
	return Var{Name: d.Name, Purpose: d.Purpose, Default: d.Default, Secret: d.IsSecret(), url: d.Kind == runbook.URL, set: func(c *Config, v string) error {
		norm, err := checkKind(d, v)
		if err != nil {
			return err
		}
		c.values[d.Name] = norm
		return nil
	}}, nil
}

// checkKind checks v by the variable's kind and returns it as the checks
// read it.
func checkKind(d runbook.Variable, v string) (string, error) {
	switch d.Kind {
	case runbook.URL:
		return checkURL(v)
	case runbook.URLPath:
		if !strings.HasPrefix(v, "/") {
			return "", fmt.Errorf("is %q; a path starts with /", v)
		}
	case runbook.Enum:
		if !slices.Contains(d.Values, v) {
			return "", fmt.Errorf("is %q; use one of %s", v, strings.Join(d.Values, ", "))
		}
	case runbook.MongoURI:
		if v != "" && !strings.HasPrefix(v, "mongodb://") && !strings.HasPrefix(v, "mongodb+srv://") {
			return "", fmt.Errorf("does not start with mongodb:// or mongodb+srv://")
		}
	case runbook.StripeTest:
		for _, p := range liveKeyPrefixes {
			if strings.HasPrefix(strings.TrimSpace(v), p) {
				return "", fmt.Errorf("is a live-mode key (%s...): the suite never pays in live mode; use a test-mode key sk_test_..., or leave it empty where the runbook allows", p)
			}
		}
	}
	return v, nil
}

// checkURL accepts "" or an http(s) URL, and drops a trailing /.
func checkURL(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("is %q, not an http(s) URL; write it like https://api.example.com", v)
	}
	return strings.TrimRight(v, "/"), nil
}

// Get is the value of a variable the product's runbook declares (its
// default when unset), as its kind checked it. A secret's value comes only
// through Secret.
func (c *Config) Get(name string) string {
	if v, ok := c.lookupVar(name); ok && v.Secret {
		return ""
	}
	return c.values[name]
}

// Secret is the value of a secret variable the runbook declares.
func (c *Config) Secret(name string) Secret {
	if v, ok := c.lookupVar(name); !ok || !v.Secret {
		return Secret{}
	}
	return NewSecret(c.values[name])
}

// lookupVar finds a variable the configuration knows: the harness's own
// and the declared ones.
func (c *Config) lookupVar(name string) (Var, bool) {
	i := slices.IndexFunc(c.known(), func(v Var) bool { return v.Name == name })
	if i < 0 {
		return Var{}, false
	}
	return c.known()[i], true
}

// known is every variable of the configuration, the harness's first.
func (c *Config) known() []Var {
	if c == nil || c.vars == nil {
		return Vars
	}
	return c.vars
}

// URLProperties are the running runbook's URLs that are set, as report
// properties in declaration order: SMOKE_SHOP_URL becomes shop.url.
func (c *Config) URLProperties() [][2]string {
	var out [][2]string
	for _, v := range c.known() {
		if val := c.values[v.Name]; v.url && v.own && val != "" {
			name := strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(v.Name, "SMOKE_"), "_", "."))
			out = append(out, [2]string{name, val})
		}
	}
	return out
}

// Require is an error naming each of the variables that is not set, with
// what it is for, or nil: for a client a product builds from them.
func (c *Config) Require(names ...string) error {
	var errs []error
	for _, name := range c.Missing(names) {
		errs = append(errs, fmt.Errorf("%s is not set: %s", name, c.purpose(name)))
	}
	return errors.Join(errs...)
}
