package report

import (
	"encoding/xml"
	"fmt"
	"strings"
	"time"
)

type xmlSuites struct {
	XMLName  xml.Name   `xml:"testsuites"`
	Name     string     `xml:"name,attr"`
	Tests    int        `xml:"tests,attr"`
	Failures int        `xml:"failures,attr"`
	Errors   int        `xml:"errors,attr"`
	Time     string     `xml:"time,attr"`
	Suites   []xmlSuite `xml:"testsuite"`
}

type xmlSuite struct {
	Name       string        `xml:"name,attr"`
	Package    string        `xml:"package,attr,omitempty"`
	Tests      int           `xml:"tests,attr"`
	Failures   int           `xml:"failures,attr"`
	Errors     int           `xml:"errors,attr"`
	Skipped    int           `xml:"skipped,attr"`
	Time       string        `xml:"time,attr"`
	Timestamp  string        `xml:"timestamp,attr,omitempty"`
	Properties *xmlProps     `xml:"properties,omitempty"`
	Cases      []xmlTestcase `xml:"testcase"`
}

type xmlProps struct {
	Props []xmlProp `xml:"property"`
}

type xmlProp struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type xmlTestcase struct {
	Name      string      `xml:"name,attr"`
	Classname string      `xml:"classname,attr"`
	Time      string      `xml:"time,attr"`
	Skipped   *xmlOutcome `xml:"skipped,omitempty"`
	Error     *xmlOutcome `xml:"error,omitempty"`
	Failure   *xmlOutcome `xml:"failure,omitempty"`
	SystemOut string      `xml:"system-out,omitempty"`
}

type xmlOutcome struct {
	Type    string `xml:"type,attr,omitempty"`
	Message string `xml:"message,attr,omitempty"`
	Body    string `xml:",chardata"`
}

// JUnit renders suites as one <testsuites> document.
func JUnit(name string, suites []*Suite) ([]byte, error) {
	doc := xmlSuites{Name: name}
	var total time.Duration
	for _, s := range suites {
		xs := toXML(s)
		doc.Tests += xs.Tests
		doc.Failures += xs.Failures
		doc.Errors += xs.Errors
		total += s.Time
		doc.Suites = append(doc.Suites, xs)
	}
	doc.Time = seconds(total)
	b, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode junit: %w", err)
	}
	return append([]byte(xml.Header), append(b, '\n')...), nil
}

// WriteJUnit writes JUnit(name, suites) to path.
func WriteJUnit(path, name string, suites []*Suite) error {
	b, err := JUnit(name, suites)
	if err != nil {
		return err
	}
	return writeFile(path, b)
}

func toXML(s *Suite) xmlSuite {
	xs := xmlSuite{Name: s.Name, Package: s.Package, Tests: len(s.Cases), Time: seconds(s.Time)}
	if !s.Start.IsZero() {
		xs.Timestamp = s.Start.UTC().Format("2006-01-02T15:04:05")
	}
	if len(s.Properties) > 0 {
		xs.Properties = &xmlProps{}
		for _, p := range s.Properties {
			xs.Properties.Props = append(xs.Properties.Props, xmlProp(p))
		}
	}
	for _, c := range s.Cases {
		xc := xmlTestcase{Name: c.Name, Classname: s.Package, Time: seconds(c.Time), SystemOut: systemOut(c)}
		outcome := &xmlOutcome{Message: c.Message, Body: strings.TrimSpace(c.Message + "\n" + c.Detail)}
		switch c.Status {
		case Failed:
			outcome.Type = "SmokeFailure"
			xc.Failure = outcome
			xs.Failures++
		case Errored:
			outcome.Type = "GateError"
			xc.Error = outcome
			xs.Errors++
		case Skipped:
			xc.Skipped = &xmlOutcome{Message: c.Message}
			xs.Skipped++
		}
		xs.Cases = append(xs.Cases, xc)
	}
	return xs
}

// systemOut holds the budget, the step log and the evidence links in the
// [[ATTACHMENT|path]] form that Jenkins and GitLab read.
func systemOut(c Case) string {
	var b strings.Builder
	switch {
	case c.Budget > 0 && c.Overhead > 0:
		fmt.Fprintf(&b, "time %s (%s counted: %s was the gate's own set-up), budget %s\n", Round(c.Time), Round(c.Time-c.Overhead), Round(c.Overhead), c.Budget)
	case c.Budget > 0:
		fmt.Fprintf(&b, "time %s, budget %s\n", Round(c.Time), c.Budget)
	}
	if c.Warning != "" {
		fmt.Fprintf(&b, "WARNING: %s\n", c.Warning)
	}
	if c.Flaky != "" {
		fmt.Fprintf(&b, "FLAKY: passed on its retry; the first attempt ended with: %s\n", c.Flaky)
	}
	for _, s := range c.Steps {
		b.WriteString(s + "\n")
	}
	for _, e := range c.Evidence {
		fmt.Fprintf(&b, "[[ATTACHMENT|%s]]\n", e)
	}
	return b.String()
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

// Round shortens a duration for people: 1.234s, 87ms.
func Round(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(10 * time.Millisecond)
	}
	return d.Round(time.Millisecond)
}
