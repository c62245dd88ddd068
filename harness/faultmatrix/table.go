package faultmatrix

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Print writes rows as a table: fault, the check that exists for it, the
// outcome, the checks that failed, and why.
func Print(w io.Writer, rows []Row) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FAULT\tCHECK\tRESULT\tFAILED\tWHY")
	for _, r := range rows {
		failed := strings.Join(r.Failed, ",")
		if failed == "" {
			failed = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Fault.Name, r.Fault.Check, r.Outcome, failed, clip(r.Why, 110))
	}
	tw.Flush()
}

// clip shortens s to n runes, so a long message keeps the table readable.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
