package report

import (
	"fmt"
	"strings"
)

// LeftProperty is the suite property in which a test lists what its
// cleanup could not remove (the database was unreachable, say),
// "; "-separated.
const LeftProperty = "cleanup.left"

// LeftBehind lists, per suite, what the tests' cleanups could not remove.
func LeftBehind(suites []*Suite) []string {
	var out []string
	for _, s := range suites {
		if s == nil {
			continue
		}
		for _, what := range strings.Split(s.Property(LeftProperty), "; ") {
			if what != "" {
				out = append(out, s.Name+": "+what)
			}
		}
	}
	return out
}

// SweepCommand is the command that removes what run runID of runbook
// left, with the account pattern it used. It runs with the run's other
// settings (.env, SMOKE_ENV): the database's credentials are secrets and
// are not repeated.
func SweepCommand(runbook, runID, pattern string) string {
	return fmt.Sprintf("SMOKE_TEST_ACCOUNT_PATTERN='%s' bin/smokegate sweep -runbook %s -run %s", pattern, runbook, runID)
}

// LeftNote is the summary's section on what the run left behind, empty
// when it left nothing.
func LeftNote(left []string, runbook, runID, pattern string) string {
	if len(left) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n## Left behind\n\nThe cleanup could not remove (the database was unreachable or refused):\n\n")
	for _, l := range left {
		fmt.Fprintf(&b, "- %s\n", l)
	}
	fmt.Fprintf(&b, "\nRemove it, once the database answers, with the run's settings (.env, SMOKE_ENV) and:\n\n```sh\n%s\n```\n", SweepCommand(runbook, runID, pattern))
	return b.String()
}
