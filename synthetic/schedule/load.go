package schedule

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// topLevel is how errors name the file's outermost mapping.
const topLevel = "the file"

var (
	checkName = regexp.MustCompile(`^[a-z][a-z0-9-]{0,39}$`)
	labelName = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)
)

// ReservedLabels are the label names the runner's own series use
// (synthetic_build_info's among them), the Pushgateway's grouping labels
// and the histogram's le: labels: may set none of them.
var ReservedLabels = []string{"check", "target", "test", "result", "kind", "window",
	"version", "revision", "goversion", "le", "job", "instance", "synthetic_check"}

// Load reads the schedule file at path. A path that does not exist is an
// error; use Default when there is no file. lookup (os.LookupEnv in the
// command) supplies the SYNTHETIC_* variables that win over the file.
func Load(path string, lookup func(string) (string, bool)) (*File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read the schedule %s: %w (pass -config with an existing file, or none for the defaults)", path, err)
	}
	return Parse(path, b, lookup)
}

// Parse reads a schedule from b; name is used in errors.
func Parse(name string, b []byte, lookup func(string) (string, bool)) (*File, error) {
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&root); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: not valid YAML: %w", name, err)
	}
	f := &File{Path: name}
	d := &decoder{file: name}
	if len(root.Content) == 0 {
		return nil, fmt.Errorf("%s is empty: list at least one check under checks (see synthetic/synthetic.example.yml)", name)
	}
	d.mapping(root.Content[0], topLevel, fileFields(d, f))
	env(f, lookup)
	fill(f)
	validate(d, root.Content[0], f)
	if len(d.errs) > 0 {
		return nil, fmt.Errorf("invalid schedule:\n%s", strings.Join(d.errs, "\n"))
	}
	return f, nil
}

func fileFields(d *decoder, f *File) map[string]field {
	return map[string]field{
		"listen":         d.str(&f.Listen),
		"reports":        d.str(&f.Reports),
		"status_url":     d.str(&f.StatusURL),
		"max_jitter":     d.duration(&f.MaxJitter),
		"shutdown_grace": d.duration(&f.ShutdownGrace),
		"pushgateway":    d.str(&f.Pushgateway),
		"labels":         d.labels(&f.Labels),
		"maintenance":    func(key string, n *yaml.Node) { f.Maintenance = d.maintenance(key, n) },
		"retention": func(key string, n *yaml.Node) {
			d.mapping(n, key, map[string]field{
				"keep":    d.integer(&f.Retention.Keep, 1),
				"max_age": d.duration(&f.Retention.MaxAge),
			})
		},
		"notify": func(key string, n *yaml.Node) {
			d.mapping(n, key, map[string]field{
				"after_failures":   d.integer(&f.Notify.AfterFailures, 1),
				"slack_url":        d.str(&f.Notify.SlackURL),
				"webhook_url":      d.str(&f.Notify.WebhookURL),
				"deploy_slack_url": d.str(&f.Notify.DeploySlackURL),
				"timeout":          d.duration(&f.Notify.Timeout),
				"attempts":         d.integer(&f.Notify.Attempts, 1),
				"backoff":          d.duration(&f.Notify.Backoff),
			})
		},
		"checks": func(key string, n *yaml.Node) { f.Checks = d.checks(key, n) },
	}
}

func (d *decoder) checks(key string, n *yaml.Node) []Check {
	if n.Kind != yaml.SequenceNode {
		d.errf(n, "%s must be a list of checks", key)
		return nil
	}
	out := make([]Check, 0, len(n.Content))
	for i, item := range n.Content {
		var c Check
		var browser *bool
		var day string
		where := fmt.Sprintf("%s[%d]", key, i)
		d.mapping(item, where, map[string]field{
			"name":           d.str(&c.Name),
			"runbook":        d.str(&c.Runbook),
			"tests":          d.list(&c.Tests),
			"at":             d.timeOfDay(&c.At, &c.HasAt),
			"day":            d.str(&day),
			"cron":           d.str(&c.Cron),
			"every":          d.duration(&c.Every),
			"deadline":       d.duration(&c.Deadline),
			"browser":        d.boolean(&browser),
			"retries":        d.integer(&c.Retries, 0),
			"after_failures": d.integer(&c.AfterFailures, 1),
		})
		c.Browser = browser == nil && !onlyHealth(c.Tests) || browser != nil && *browser
		d.slots(item, where, &c, day)
		out = append(out, c)
	}
	return out
}

// onlyHealth: health is the one runbook test without a browser.
func onlyHealth(tests []string) bool { return len(tests) == 1 && tests[0] == "health" }

// env applies the SYNTHETIC_* variables, which win over the file.
func env(f *File, lookup func(string) (string, bool)) {
	if lookup == nil {
		return
	}
	for name, p := range map[string]*string{
		"SYNTHETIC_PUSHGATEWAY_URL":          &f.Pushgateway,
		"SYNTHETIC_SLACK_WEBHOOK_URL":        &f.Notify.SlackURL,
		"SYNTHETIC_WEBHOOK_URL":              &f.Notify.WebhookURL,
		"SYNTHETIC_DEPLOY_SLACK_WEBHOOK_URL": &f.Notify.DeploySlackURL,
		"SYNTHETIC_API_TOKEN":                &f.APIToken,
	} {
		if v, ok := lookup(name); ok && v != "" {
			*p = v
		}
	}
}

// CheckTests holds each check's tests to its runbook's: known returns the
// tests of a runbook by name ("" for the gate's default), as the command
// loads them from the bin folder.
func (f *File) CheckTests(known func(runbook string) ([]string, error)) error {
	var errs []string
	for i, c := range f.Checks {
		tests, err := known(c.Runbook)
		if err != nil {
			errs = append(errs, fmt.Sprintf("%s: checks[%d] (%s): runbook: %v", f.Path, i, c.Name, err))
			continue
		}
		for _, t := range c.Tests {
			if !slices.Contains(tests, t) {
				errs = append(errs, fmt.Sprintf("%s: checks[%d] (%s): tests: %q is not a runbook test (known: %s)", f.Path, i, c.Name, t, strings.Join(tests, ", ")))
			}
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("invalid schedule:\n%s", strings.Join(errs, "\n"))
	}
	return nil
}

// validate checks what each key's decoder cannot see alone.
func validate(d *decoder, n *yaml.Node, f *File) {
	if len(f.Checks) == 0 {
		d.errf(n, "no checks: list at least one under checks")
	}
	seen := map[string]bool{}
	for i, c := range f.Checks {
		where := fmt.Sprintf("checks[%d]", i)
		switch {
		case !checkName.MatchString(c.Name):
			d.errf(n, "%s.name is %q: use lowercase letters, digits and -, starting with a letter", where, c.Name)
		case seen[c.Name]:
			d.errf(n, "%s.name %q is used twice", where, c.Name)
		}
		seen[c.Name] = true
		if c.Every == 0 {
			d.errf(n, "%s (%s): every is missing; write how often it runs, like every: 1m (or day:, or cron:)", where, c.Name)
		}
		if c.AfterFailures == 0 {
			f.Checks[i].AfterFailures = f.Notify.AfterFailures
		}
	}
	for i, m := range f.Maintenance {
		for _, name := range m.Checks {
			if !seen[name] {
				d.errf(n, "maintenance[%d].checks: %q is not a check of this file (it has: %s)", i, name, strings.Join(f.Names(), ", "))
			}
		}
	}
	for key, u := range map[string]string{"pushgateway": f.Pushgateway, "status_url": f.StatusURL,
		"notify.slack_url": f.Notify.SlackURL, "notify.webhook_url": f.Notify.WebhookURL,
		"notify.deploy_slack_url": f.Notify.DeploySlackURL} {
		if pu, err := url.Parse(u); u != "" && (err != nil || pu.Host == "" || (pu.Scheme != "http" && pu.Scheme != "https")) {
			d.errf(n, "%s is not an http(s) URL; write it like https://host/path", key)
		}
	}
}
