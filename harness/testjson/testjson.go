package testjson

import (
	"bufio"
	"encoding/json"
	"io"
	"strings"
	"time"

	"github.com/smokegate/smokegate/harness/report"
)

// Event is one line of the stream; its fields are those `go doc
// cmd/test2json` documents.
type Event struct {
	Time    time.Time `json:",omitzero"`
	Action  string
	Package string  `json:",omitempty"`
	Test    string  `json:",omitempty"`
	Elapsed float64 `json:",omitempty"` // seconds
	Output  string  `json:",omitempty"`
	Key     string  `json:",omitempty"` // attr
	Value   string  `json:",omitempty"` // attr
	Path    string  `json:",omitempty"` // artifacts
}

// TopLevel reports whether the event is about a top-level test (not the
// package, not a subtest).
func (e Event) TopLevel() bool { return e.Test != "" && !strings.Contains(e.Test, "/") }

// Test is what the stream said about one top-level test.
type Test struct {
	Name    string
	Action  string // how it ended: "pass", "fail", "skip"; "" if it did not end
	Start   time.Time
	Elapsed time.Duration
	attrs   report.CaseReader
}

// Case is the test's case as the harness reported it, and ok when it did
// (a test that failed before check.Start reported none).
func (t *Test) Case() (report.Case, bool) { return t.attrs.Case(t.Name) }

// Properties are the suite properties the test reported.
func (t *Test) Properties() []report.Property { return t.attrs.Properties() }

// Package is what the stream said about one test binary.
type Package struct {
	Name   string  // the import path (ReadRun)
	Tests  []*Test // top-level tests, in the order they started
	Output string  // every output line, for a report when the binary crashed
	Action string  // the package's end: "pass", "fail", "skip"; "" if none
	Start  time.Time
	End    time.Time
	// NotEvents counts lines that were not events (a binary writing to
	// its stdout, or a stream cut short).
	NotEvents int
}

// Test returns the named top-level test, or nil.
func (p *Package) Test(name string) *Test {
	for _, t := range p.Tests {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// maxLine is the longest line read; test2json writes far shorter ones.
const maxLine = 4 << 20

// Read reads a stream of one test binary to its end, calling each (if not
// nil) with every event as it arrives, for live output.
func Read(r io.Reader, each func(Event)) (*Package, error) {
	p := &Package{}
	var out strings.Builder
	err := scan(r, func(ev Event) {
		p.add(ev, &out)
		if each != nil {
			each(ev)
		}
	}, func(line string) {
		p.NotEvents++
		out.WriteString(line + "\n")
	})
	p.Output = out.String()
	return p, err
}

// ReadRun reads the stream of several test binaries, as go test -json
// ./... or a gate run's events.jsonl holds it, into a Package per binary
// in the order each first appears.
func ReadRun(r io.Reader) ([]*Package, error) {
	var pkgs []*Package
	byName := map[string]*Package{}
	outs := map[*Package]*strings.Builder{}
	err := scan(r, func(ev Event) {
		p := byName[ev.Package]
		if p == nil {
			p = &Package{Name: ev.Package}
			byName[ev.Package], outs[p] = p, &strings.Builder{}
			pkgs = append(pkgs, p)
		}
		p.add(ev, outs[p])
	}, func(string) {})
	for _, p := range pkgs {
		p.Output = outs[p].String()
	}
	return pkgs, err
}

// scan calls event with each line that is an event and other with each
// line that is not.
func scan(r io.Reader, event func(Event), other func(string)) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	for sc.Scan() {
		var ev Event
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil || ev.Action == "" {
			other(sc.Text())
			continue
		}
		event(ev)
	}
	return sc.Err()
}

// add folds one event into the package.
func (p *Package) add(ev Event, out *strings.Builder) {
	if p.Start.IsZero() && !ev.Time.IsZero() {
		p.Start = ev.Time
	}
	if !ev.Time.IsZero() {
		p.End = ev.Time
	}
	if ev.Action == "output" {
		out.WriteString(ev.Output)
		return
	}
	if ev.Test == "" {
		if ev.Action == "pass" || ev.Action == "fail" || ev.Action == "skip" {
			p.Action = ev.Action
		}
		return
	}
	if !ev.TopLevel() {
		return
	}
	t := p.Test(ev.Test)
	if t == nil {
		t = &Test{Name: ev.Test, Start: ev.Time}
		p.Tests = append(p.Tests, t)
	}
	switch ev.Action {
	case "run": // a test run again (the gate's retry, in one stream) reports anew
		t.attrs, t.Action, t.Start = report.CaseReader{}, "", ev.Time
	case "attr":
		t.attrs.Add(ev.Key, ev.Value)
	case "pass", "fail", "skip":
		t.Action = ev.Action
		t.Elapsed = time.Duration(ev.Elapsed * float64(time.Second))
	}
}
