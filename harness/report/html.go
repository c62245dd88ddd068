package report

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

//go:embed html.tmpl
var pageText string

var pageTmpl = template.Must(template.New("page").Parse(pageText))

// Limits of what the page holds inline; bigger evidence stays a link.
const (
	maxInlineImage = 2 << 20
	maxInlineText  = 64 << 10
)

// HTML is what the page of one gate run is made from.
type HTML struct {
	Title   string // the runbook's title
	Verdict Verdict
	Suites  []*Suite
	Root    string              // the folder evidence paths are relative to
	Dir     string              // the run's report folder, where index.html goes
	Redact  func(string) string // applied to every text read from evidence
	// TraceLink turns a trace id into a link; nil or "": no link.
	TraceLink func(id string) string
}

// WriteHTML writes Dir/index.html: one self-contained page (styles and
// screenshots inline, a policy that lets it load nothing else) with the
// verdict and what to do, a timeline of the checks against their budgets,
// and each check's result, failures and gate errors first.
func WriteHTML(h HTML) error {
	if h.Redact == nil {
		h.Redact = func(s string) string { return s }
	}
	var b bytes.Buffer
	if err := pageTmpl.Execute(&b, h.page()); err != nil {
		return fmt.Errorf("render index.html: %w", err)
	}
	return writeFile(filepath.Join(h.Dir, "index.html"), b.Bytes())
}

// page is the template's data.
type page struct {
	Title, Line, Todo, Class string
	Code                     int
	Facts                    []fact
	Bars                     []bar
	Checks                   []check
	Counts                   string
}

type fact struct{ Name, Value, Link string }

func (h HTML) page() page {
	p := page{Title: h.Title, Line: h.Redact(h.Verdict.Line), Code: h.Verdict.Code}
	p.Class, p.Todo = todo(h.Verdict.Code)
	p.Facts = h.facts()
	p.Bars = bars(h.Suites)
	for _, s := range h.Suites {
		for i := range s.Cases {
			p.Checks = append(p.Checks, h.check(s, &s.Cases[i]))
		}
	}
	slices.SortStableFunc(p.Checks, func(a, b check) int { return a.rank - b.rank })
	p.Counts = counts(p.Checks)
	for _, w := range h.Verdict.Warnings {
		p.Facts = append(p.Facts, fact{Name: "warning", Value: h.Redact(w)})
	}
	return p
}

// todo is the banner's class and what a person does next.
func todo(code int) (class, text string) {
	switch code {
	case ExitPass:
		return "pass", "exit 0: every required check passed; the deploy may proceed."
	case ExitFail:
		return "fail", "exit 1: the product is broken. Roll back (or fix forward), starting from the first failure below."
	}
	return "error", "exit 2: the gate could not decide. This is not a pass: fix what the first gate error below names, then run the gate again."
}

// facts are the run's properties that every suite shares.
func (h HTML) facts() []fact {
	if len(h.Suites) == 0 {
		return nil
	}
	var out []fact
	names := []string{"run.id", "target", "api.url"}
	for _, p := range h.Suites[0].Properties { // the product's URLs, as its runbook declares them
		if strings.HasSuffix(p.Name, ".url") && p.Name != "api.url" {
			names = append(names, p.Name)
		}
	}
	for _, name := range append(names, "git.sha", "deploy.id", "deploy.version", "start", "sandbox.faults") {
		for _, s := range h.Suites {
			if v := s.Property(name); v != "" {
				out = append(out, fact{Name: name, Value: h.Redact(v)})
				break
			}
		}
	}
	return out
}

// counts says how many checks ended each way.
func counts(checks []check) string {
	n := map[string]int{}
	for _, c := range checks {
		n[c.Status]++
	}
	var parts []string
	for _, st := range []string{"failed", "gate error", "flaky", "warning", "passed", "not run", "skipped"} {
		if n[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[st], st))
		}
	}
	return strings.Join(parts, ", ")
}

// inlineImage is path as a data: URL, or "" when it cannot be read or is
// too big to inline.
func inlineImage(path string) template.URL {
	b, err := os.ReadFile(path)
	if err != nil || len(b) > maxInlineImage || !bytes.HasPrefix(b, []byte("\x89PNG")) {
		return ""
	}
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(b))
}

// inlineText is the start of a text file, redacted.
func (h HTML) inlineText(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	cut := ""
	if len(b) > maxInlineText {
		b, cut = b[:maxInlineText], "\n… (cut; the whole file is linked below)"
	}
	return h.Redact(string(b)) + cut
}

// ms formats d for the page.
func ms(d time.Duration) string { return Round(d).String() }
