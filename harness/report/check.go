package report

import (
	"html/template"
	"path/filepath"
	"strings"
	"time"
)

// check is one case on the page.
type check struct {
	ID, Name, Status, Class, Time, Budget string
	Message, Detail, Warning, Flaky       string
	Steps                                 []string
	Limits                                []fact
	Screenshot                            template.URL
	Texts                                 []text
	Files                                 []fact
	TraceID, TraceLink                    string
	rank                                  int
}

type text struct{ Name, Body string }

// check builds the page's view of case c of suite s.
func (h HTML) check(s *Suite, c *Case) check {
	v := check{ID: "check-" + s.Name, Name: s.Name, Time: ms(c.Time - c.Overhead),
		Message: h.Redact(c.Message), Detail: h.Redact(c.Detail), Warning: h.Redact(c.Warning), Flaky: h.Redact(c.Flaky)}
	v.Status, v.Class, v.rank = status(c)
	if c.Budget > 0 {
		v.Budget = c.Budget.String()
	}
	for _, st := range c.Steps {
		v.Steps = append(v.Steps, h.Redact(st))
	}
	for _, p := range s.Properties {
		if name, ok := strings.CutPrefix(p.Name, "limit."); ok {
			v.Limits = append(v.Limits, fact{Name: name, Value: h.Redact(p.Value)})
		}
	}
	if id := s.Property("trace.id"); id != "" {
		v.TraceID = id
		if h.TraceLink != nil {
			v.TraceLink = h.TraceLink(id)
		}
	}
	h.evidence(&v, c.Evidence)
	return v
}

// status is a case's label, its CSS class and its place on the page:
// failures, then gate errors, then passes worth a look, then the rest.
func status(c *Case) (label, class string, rank int) {
	switch {
	case c.Status == Failed:
		return "failed", "fail", 0
	case c.Status == Errored, c.Status == Skipped && c.Blocking: // a required check that did not run decides like one
		return "gate error", "error", 1
	case c.Status == Passed && c.Flaky != "":
		return "flaky", "warn", 2
	case c.Status == Passed && c.Warning != "":
		return "warning", "warn", 2
	case c.Status == Passed:
		return "passed", "pass", 3
	case strings.HasPrefix(c.Message, "not run"):
		return "not run", "skip", 4
	}
	return "skipped", "skip", 4
}

// evidence puts the case's screenshot and text files inline and links
// every file, relative to the page.
func (h HTML) evidence(v *check, paths []string) {
	for _, p := range paths {
		abs := p
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(h.Root, p)
		}
		rel, err := filepath.Rel(h.Dir, abs)
		if err != nil || strings.HasPrefix(rel, "..") {
			rel = ""
		}
		name := filepath.Base(abs)
		switch ext := filepath.Ext(name); {
		case ext == ".png" && v.Screenshot == "":
			v.Screenshot = inlineImage(abs)
		case ext == ".txt" || ext == ".log":
			if body := h.inlineText(abs); body != "" {
				v.Texts = append(v.Texts, text{Name: name, Body: body})
			}
		}
		if rel != "" {
			v.Files = append(v.Files, fact{Name: h.Redact(name), Link: filepath.ToSlash(rel)})
		}
	}
}

// bar is one check on the timeline, as percentages of the run's span.
type bar struct {
	Name, Class, Title  string
	Left, Width, Budget float64
}

// bars lays the suites out against time from the first start.
func bars(suites []*Suite) []bar {
	var start, end time.Time
	for _, s := range suites {
		if s.Start.IsZero() {
			continue
		}
		if start.IsZero() || s.Start.Before(start) {
			start = s.Start
		}
		for _, c := range s.Cases {
			for _, t := range []time.Time{s.Start.Add(c.Time), s.Start.Add(c.Overhead + c.Budget)} {
				if t.After(end) {
					end = t
				}
			}
		}
	}
	span := end.Sub(start)
	if span <= 0 {
		return nil
	}
	pct := func(d time.Duration) float64 { return float64(d) * 100 / float64(span) }
	var out []bar
	for _, s := range suites {
		for i := range s.Cases {
			c := &s.Cases[i]
			label, class, _ := status(c)
			b := bar{Name: s.Name, Class: class, Left: pct(s.Start.Sub(start)), Width: max(pct(c.Time), 0.3),
				Title: s.Name + ": " + label + ", " + ms(c.Time)}
			if c.Budget > 0 {
				b.Budget = pct(s.Start.Sub(start) + c.Overhead + c.Budget)
				b.Title += " of " + c.Budget.String()
			}
			out = append(out, b)
		}
	}
	return out
}
