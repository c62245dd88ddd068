package report

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Status is the outcome of one test.
type Status string

const (
	Passed  Status = "passed"
	Failed  Status = "failed"  // the product is broken
	Errored Status = "errored" // the gate could not decide
	Skipped Status = "skipped"
)

// Property is a name and value attached to a suite.
type Property struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Case is one smoke test's result.
type Case struct {
	Name     string        `json:"name"`
	Status   Status        `json:"status"`
	Time     time.Duration `json:"time"`
	Budget   time.Duration `json:"budget,omitempty"`
	Overhead time.Duration `json:"overhead,omitempty"` // the gate's set-up, not counted against the budget
	Message  string        `json:"message,omitempty"`  // first line: expected, actual, what to do
	Detail   string        `json:"detail,omitempty"`   // the rest of the failure text
	Steps    []string      `json:"steps,omitempty"`    // the step log
	Evidence []string      `json:"evidence,omitempty"` // paths relative to the repository root
	// Blocking marks a skip that must not pass the gate: a required test
	// that could not run.
	Blocking bool `json:"blocking,omitempty"`
	// Warning is set on a pass that went over the runbook's budget while
	// every figure measured on the target was within its limit.
	Warning string `json:"warning,omitempty"`
	// Retryable marks an error of the gate's own infrastructure (the
	// browser crashed or was killed, the DevTools connection was lost, the
	// gate's browser could not be reached) that one more attempt may clear. A product
	// failure is never retried.
	Retryable bool `json:"retryable,omitempty"`
	// Flaky holds the first attempt's error when the test passed on its
	// retry: a pass with a warning, never hidden.
	Flaky string `json:"flaky,omitempty"`
}

// Suite is the result of one smoke package.
type Suite struct {
	Name       string        `json:"name"`    // the runbook test, e.g. "health"
	Package    string        `json:"package"` // the Go import path
	Start      time.Time     `json:"start"`
	Time       time.Duration `json:"time"`
	Properties []Property    `json:"properties,omitempty"`
	Cases      []Case        `json:"cases"`
}

// Property returns the value of the named property, or "".
func (s *Suite) Property(name string) string {
	for _, p := range s.Properties {
		if p.Name == name {
			return p.Value
		}
	}
	return ""
}

// SetProperty sets or replaces a property.
func (s *Suite) SetProperty(name, value string) {
	for i := range s.Properties {
		if s.Properties[i].Name == name {
			s.Properties[i].Value = value
			return
		}
	}
	s.Properties = append(s.Properties, Property{Name: name, Value: value})
}

// Redact applies redact to every text of the suite: properties, messages,
// details, steps, warnings and evidence paths. Writers call it last, so a
// secret that slipped past the harness still does not reach a file.
func (s *Suite) Redact(redact func(string) string) {
	for i := range s.Properties {
		s.Properties[i].Value = redact(s.Properties[i].Value)
	}
	for i := range s.Cases {
		c := &s.Cases[i]
		c.Message, c.Detail, c.Warning, c.Flaky = redact(c.Message), redact(c.Detail), redact(c.Warning), redact(c.Flaky)
		for j := range c.Steps {
			c.Steps[j] = redact(c.Steps[j])
		}
		for j := range c.Evidence {
			c.Evidence[j] = redact(c.Evidence[j])
		}
	}
}

func writeFile(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("create report directory: %w", err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}
