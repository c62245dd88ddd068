package report

import (
	"fmt"
	"strings"
)

// Summary renders a Markdown table of the run for $GITHUB_STEP_SUMMARY:
// test, result, time against budget and the first line of any failure.
func Summary(v Verdict, suites []*Suite) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Smoke gate: %s\n\n", v.Line)
	b.WriteString("| test | result | time / budget | first failure or warning line |\n")
	b.WriteString("|---|---|---|---|\n")
	for _, s := range suites {
		for _, c := range s.Cases {
			budget := "-"
			if c.Budget > 0 {
				budget = c.Budget.String()
			}
			note := c.Message
			if note == "" && c.Warning != "" {
				note = "warning: " + c.Warning
			}
			if note == "" && c.Flaky != "" {
				note = "flaky: passed on its retry after: " + c.Flaky
			}
			fmt.Fprintf(&b, "| %s/%s | %s | %s / %s | %s |\n", s.Name, c.Name, icon(c), counted(c), budget, cell(note))
		}
	}
	return b.String()
}

// counted is the time held against the budget; the gate's own set-up
// (starting Chromium) is shown beside it, as it is not counted.
func counted(c Case) string {
	if c.Overhead > 0 {
		return fmt.Sprintf("%s (+%s set-up)", Round(c.Time-c.Overhead), Round(c.Overhead))
	}
	return Round(c.Time).String()
}

func icon(c Case) string {
	switch c.Status {
	case Passed:
		if c.Flaky != "" {
			return "✅ pass 🔁 flaky"
		}
		if c.Warning != "" {
			return "✅ pass ⚠️ slow machine"
		}
		return "✅ pass"
	case Failed:
		return "❌ fail"
	case Errored:
		return "⚠️ error"
	}
	return "⏭️ skip"
}

func cell(s string) string {
	if s == "" {
		return ""
	}
	s = FirstLine(s)
	return strings.NewReplacer("|", `\|`, "\r", " ").Replace(s)
}
