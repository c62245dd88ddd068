// Package runbook reads a product's runbook as data: the ordered checks a
// gate run must pass, the test functions each must run, their budgets,
// what each needs against a remote target and which change nothing. The
// harness knows no product: each product's folder under smoke/ holds its
// runbook.yml, and make build copies it next to the test binaries.
package runbook

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// File is a runbook's file name in its folder.
const File = "runbook.yml"

// Runbook is one product's list of checks, in runbook order.
type Runbook struct {
	Name   string  `yaml:"name"`  // e.g. promptlens: the folder under smoke/ and bin/smoke/
	Title  string  `yaml:"title"` // e.g. PromptLens
	Checks []Check `yaml:"checks"`
	// Variables are the product's settings; the harness's own are in
	// harness/config.
	Variables []Variable `yaml:"variables"`
}

// Check is one smoke test of the runbook.
type Check struct {
	Test   string   `yaml:"test"`   // the package, e.g. health
	Funcs  []string `yaml:"funcs"`  // test functions, e.g. TestHealth
	Budget Duration `yaml:"budget"` // the runbook's time for the check
	// Limits are the runbook's limits on figures measured on the target
	// (an answer's time, a mail's arrival), by the name S.Limit checks.
	Limits   map[string]Duration `yaml:"limits"`
	Needs    []string            `yaml:"needs"`     // variables a remote run needs
	ReadOnly bool                `yaml:"read_only"` // changes nothing on the target
	When     []When              `yaml:"when"`
	// After lists earlier checks this one depends on: it waits until
	// they have ended, and is not run when one of them failed or ended in
	// a gate error (a check skipped without blocking counts as passed).
	After []string `yaml:"after"`
}

// When adds needs, or makes a check read-only, under one setting.
type When struct {
	If       string   `yaml:"if"` // NAME=value
	Needs    []string `yaml:"needs"`
	ReadOnly *bool    `yaml:"read_only"`
}

// Duration is a time.Duration written as "5s" in YAML.
type Duration time.Duration

// UnmarshalYAML parses "5s", "1m30s".
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil || v <= 0 {
		return fmt.Errorf("line %d: %q is not a positive duration such as 5s", n.Line, n.Value)
	}
	*d = Duration(v)
	return nil
}

// Settings answers what a check's conditions ask: the value of a setting.
type Settings interface{ Setting(name string) string }

// Load reads and checks a runbook file. Unknown keys, a missing name, a
// check without test or functions, repeated tests, malformed conditions
// and an after that names no earlier check are errors naming the file.
func Load(path string) (*Runbook, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("runbook %s: %w (make build copies it next to the test binaries)", path, err)
	}
	rb, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("runbook %s: %w", path, err)
	}
	return rb, nil
}

// Parse decodes and checks a runbook's text.
func Parse(b []byte) (*Runbook, error) {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var rb Runbook
	if err := dec.Decode(&rb); err != nil {
		return nil, err
	}
	if err := rb.validate(); err != nil {
		return nil, err
	}
	return &rb, nil
}

var (
	name = regexp.MustCompile(`^[a-z][a-z0-9]*$`)
	cond = regexp.MustCompile(`^[A-Z][A-Z0-9_]*=.+$`)
	// limitName is a limit's name: words joined by dots.
	limitName = regexp.MustCompile(`^[a-z][a-z0-9]*(\.[a-z][a-z0-9-]*)*$`)
)

func (rb *Runbook) validate() error {
	var errs []error
	if !name.MatchString(rb.Name) {
		errs = append(errs, fmt.Errorf("name %q: want a lower-case word, the folder under smoke/", rb.Name))
	}
	if len(rb.Checks) == 0 {
		errs = append(errs, errors.New("no checks"))
	}
	seen := map[string]bool{}
	for i, c := range rb.Checks {
		switch {
		case !name.MatchString(c.Test):
			errs = append(errs, fmt.Errorf("check %d: test %q: want the package's name", i+1, c.Test))
		case seen[c.Test]:
			errs = append(errs, fmt.Errorf("check %d: test %s is listed twice", i+1, c.Test))
		case len(c.Funcs) == 0:
			errs = append(errs, fmt.Errorf("check %s: no funcs: list the test functions it must run", c.Test))
		case c.Budget <= 0:
			errs = append(errs, fmt.Errorf("check %s: no budget", c.Test))
		}
		errs = append(errs, rb.checkAfter(c, seen)...)
		for l := range c.Limits {
			if !limitName.MatchString(l) {
				errs = append(errs, fmt.Errorf("check %s: limit %q: want a dotted lower-case name such as health.response", c.Test, l))
			}
		}
		seen[c.Test] = true
		for _, w := range c.When {
			if !cond.MatchString(w.If) {
				errs = append(errs, fmt.Errorf("check %s: when if %q: want NAME=value", c.Test, w.If))
			}
		}
	}
	errs = append(errs, rb.validateVariables()...)
	return errors.Join(errs...)
}

// checkAfter holds a check's after to checks listed before it (earlier),
// so that the checks it waits for have started and no two wait for each
// other.
func (rb *Runbook) checkAfter(c Check, earlier map[string]bool) []error {
	var errs []error
	for _, dep := range c.After {
		_, known := rb.Check(dep)
		switch {
		case dep == c.Test:
			errs = append(errs, fmt.Errorf("check %s: after %s: a check cannot wait for itself; remove it from after", c.Test, dep))
		case earlier[dep]:
		case known:
			errs = append(errs, fmt.Errorf("check %s: after %s: %[2]s comes later in the runbook; list %[2]s before %[1]s, or remove it from after", c.Test, dep))
		default:
			errs = append(errs, fmt.Errorf("check %s: after %q: no such check in this runbook (%s); name an earlier check's test", c.Test, dep, strings.Join(rb.Tests(), ", ")))
		}
	}
	return errs
}

// Tests lists the checks' tests in runbook order.
func (rb *Runbook) Tests() []string {
	out := make([]string, len(rb.Checks))
	for i, c := range rb.Checks {
		out[i] = c.Test
	}
	return out
}

// Check returns the named check.
func (rb *Runbook) Check(test string) (Check, bool) {
	i := slices.IndexFunc(rb.Checks, func(c Check) bool { return c.Test == test })
	if i < 0 {
		return Check{}, false
	}
	return rb.Checks[i], true
}

// NeedsFor lists the variables the check needs under the settings s.
func (c Check) NeedsFor(s Settings) []string {
	out := slices.Clone(c.Needs)
	for _, w := range c.When {
		if w.holds(s) {
			out = append(out, w.Needs...)
		}
	}
	return out
}

// ReadOnlyFor tells whether the check changes nothing under the settings s.
func (c Check) ReadOnlyFor(s Settings) bool {
	ro := c.ReadOnly
	for _, w := range c.When {
		if w.ReadOnly != nil && w.holds(s) {
			ro = *w.ReadOnly
		}
	}
	return ro
}

func (w When) holds(s Settings) bool {
	k, v, _ := strings.Cut(w.If, "=")
	return s.Setting(k) == v
}

// Path is where the runbook named name lies under a bin folder (make
// build) or a source tree: <dir>/smoke/<name>/runbook.yml.
func Path(dir, name string) string { return filepath.Join(dir, "smoke", name, File) }
