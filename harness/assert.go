package harness

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/stretchr/testify/assert"

	"github.com/smokegate/smokegate/harness/report"
)

// Check returns testify's assertions for the state a test reads back
// (database rows, counts, times): a failed one is a product failure whose
// message carries testify's account, its diff included, and the test goes
// on (each returns whether it held); the first failure is the one
// reported. What the rest of the test needs (a row to read on) is a
// condition that ends it with Failf. The test's own read failing is no
// assertion either: GateErrorf, with the product's Own.
func (s *S) Check() *assert.Assertions { return assert.New(productT{s}) }

// productT is the testify TestingT that records through the harness.
type productT struct{ s *S }

func (p productT) Helper() { p.s.t.Helper() }

func (p productT) Errorf(format string, args ...any) {
	p.s.t.Helper()
	msg := testifyMessage(fmt.Sprintf(format, args...))
	first := p.s.status == ""
	p.s.note(report.Failed, msg, "", "")
	if first {
		p.s.t.Error(p.s.message)
	} else {
		p.s.t.Log("also: " + p.s.bin.redact(msg))
	}
}

var (
	labeledLine = regexp.MustCompile(`^\t([A-Z][A-Za-z ]*):\s*\t(.*)$`)
	continued   = regexp.MustCompile(`^\t +\t(.*)$`)
)

// testifyMessage turns testify's labelled block into the harness's shape:
// one line that says what was checked and what came back (the verdict
// shows it), then testify's full account with its diff. The trace (file
// and line) is left out.
func testifyMessage(out string) string {
	sections := map[string][]string{}
	label := ""
	for _, line := range strings.Split(out, "\n") {
		if m := labeledLine.FindStringSubmatch(line); m != nil {
			label = m[1]
			sections[label] = append(sections[label], m[2])
		} else if m := continued.FindStringSubmatch(line); m != nil && label != "" {
			sections[label] = append(sections[label], m[1])
		}
	}
	account := trimBlank(sections["Error"])
	if len(account) == 0 {
		return strings.TrimSpace(out)
	}
	head := summary(account)
	if msgs := strings.Join(trimBlank(sections["Messages"]), " "); msgs != "" {
		head = msgs + ": " + head
	}
	return head + "\n" + strings.Join(account, "\n")
}

// summary is the account's lines up to its diff, on one line.
func summary(account []string) string {
	var parts []string
	for _, l := range account {
		l = strings.Join(strings.Fields(l), " ")
		if l == "" || strings.HasPrefix(l, "Diff:") {
			break
		}
		parts = append(parts, strings.TrimSuffix(l, ":"))
	}
	line := strings.Join(parts, ", ")
	if len(line) > 300 {
		line = line[:300] + "…"
	}
	return line
}

func trimBlank(lines []string) []string {
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}
