package faultmatrix

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/smokegate/smokegate/harness/report"
	"github.com/smokegate/smokegate/harness/runbook"
)

// Fault is one way a sandbox breaks on purpose and the check that exists
// to catch it.
type Fault struct {
	Name   string
	Breaks string // what it breaks, and the runbook section it mirrors
	Check  string // the runbook check that exists to catch it
	Word   string // a word that check's failure message must hold
	// Also lists other checks the fault may fail too, because it breaks
	// what they use as well (a wrong JWT secret fails every signed-in
	// call). Any other check that fails is a finding.
	Also []string
}

// Outcome is how a fault's run ended.
type Outcome string

const (
	Caught    Outcome = "caught"
	Missed    Outcome = "MISSED"      // the check passed, or failed for another reason
	Collision Outcome = "also failed" // a check the fault should not touch failed
	Undecided Outcome = "undecided"   // the gate could not decide: no verdict on the check
)

// Row is the judgement of one run.
type Row struct {
	Fault   Fault
	Outcome Outcome
	// Failed lists the checks that failed or ended in a gate error, in
	// runbook order.
	Failed []string
	// Why is the check's own message, or what made the row what it is.
	Why string
}

// Code is the exit code a set of rows adds up to: 2 when any run was
// undecided, else 1 when any fault was missed or failed another check,
// else 0.
func Code(rows []Row) int {
	code := report.ExitPass
	for _, r := range rows {
		switch r.Outcome {
		case Undecided:
			return report.ExitUndecided
		case Missed, Collision:
			code = report.ExitFail
		}
	}
	return code
}

// Judge reads the suites of the gate run made with f switched on (v is
// its verdict). The check must fail as a product failure whose message
// holds f.Word; a check not in f.Also may not fail; a check reported not
// run must have waited for a check that failed.
func Judge(f Fault, v report.Verdict, suites []*report.Suite) Row {
	row := Row{Fault: f}
	var own *report.Case
	var others []string
	for _, s := range suites {
		for i := range s.Cases {
			c := &s.Cases[i]
			if (c.Status == report.Failed || c.Status == report.Errored) && !slices.Contains(row.Failed, s.Name) {
				row.Failed = append(row.Failed, s.Name)
			}
			switch {
			case s.Name == f.Check:
				if own == nil || own.Status != report.Failed { // a failure of any of its functions is the check's
					own = c
				}
			case c.Status == report.Errored:
				row.Outcome, row.Why = Undecided, fmt.Sprintf("%s ended in a gate error: %s", s.Name, report.FirstLine(c.Message))
				return row
			case c.Status == report.Failed && !slices.Contains(f.Also, s.Name):
				others = append(others, fmt.Sprintf("%s: %s", s.Name, report.FirstLine(c.Message)))
			case c.Status == report.Skipped && !strings.HasPrefix(c.Message, "not run: "):
				others = append(others, fmt.Sprintf("%s was skipped: %s", s.Name, report.FirstLine(c.Message)))
			}
		}
	}
	switch {
	case own == nil && v.Code == report.ExitUndecided:
		row.Outcome, row.Why = Undecided, report.FirstLine(v.Line)
	case own == nil:
		row.Outcome, row.Why = Undecided, fmt.Sprintf("the run has no result for %s: is it in the runbook?", f.Check)
	case own.Status == report.Errored:
		row.Outcome, row.Why = Undecided, "gate error: "+report.FirstLine(own.Message)
	case own.Status != report.Failed:
		row.Outcome, row.Why = Missed, fmt.Sprintf("%s %s", f.Check, describe(own))
	case !strings.Contains(own.Message, f.Word):
		row.Outcome, row.Why = Missed, fmt.Sprintf("%s failed for another reason (no %q): %s", f.Check, f.Word, report.FirstLine(own.Message))
	case len(others) > 0:
		row.Outcome, row.Why = Collision, strings.Join(others, "; ")
	default:
		row.Outcome, row.Why = Caught, report.FirstLine(own.Message)
	}
	return row
}

// describe says how a case that did not fail ended.
func describe(c *report.Case) string {
	if c.Status == report.Skipped {
		return "was skipped: " + report.FirstLine(c.Message)
	}
	return string(c.Status)
}

// name is a fault's name: it names a report folder too.
var name = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// CheckNames refuses a fault whose name is not lower-case words joined by
// hyphens (prove makes a folder of each).
func CheckNames(faults []Fault) error {
	for _, f := range faults {
		if !name.MatchString(f.Name) {
			return fmt.Errorf("fault %q: a fault's name is lower-case letters, digits and hyphens", f.Name)
		}
	}
	return nil
}

// Validate holds faults to the runbook they prove: each names a check of
// it and a word, its Also checks are in it, and no two share a name.
func Validate(faults []Fault, rb *runbook.Runbook) error {
	errs := []error{CheckNames(faults)}
	seen := map[string]bool{}
	for _, f := range faults {
		if seen[f.Name] {
			errs = append(errs, fmt.Errorf("fault %s is listed twice", f.Name))
		}
		seen[f.Name] = true
		if _, ok := rb.Check(f.Check); !ok {
			errs = append(errs, fmt.Errorf("fault %s: check %q is not in runbook %s (%s); name the check that exists to catch it", f.Name, f.Check, rb.Name, strings.Join(rb.Tests(), ", ")))
		}
		if f.Word == "" {
			errs = append(errs, fmt.Errorf("fault %s: no word its check's failure message must hold", f.Name))
		}
		for _, a := range f.Also {
			if _, ok := rb.Check(a); !ok || a == f.Check {
				errs = append(errs, fmt.Errorf("fault %s: also %q is not another check of runbook %s", f.Name, a, rb.Name))
			}
		}
	}
	return errors.Join(errs...)
}

// Catch is a product's entry for one fault: the check that exists to
// catch it, a word of that check's failure message, the other checks it
// breaks too (Fault's fields of the same names).
type Catch struct {
	Check, Word string
	Also        []string
}

// Table lists a product's faults in name order from what each breaks and
// its catch. A fault with no catch has no Check, which Validate refuses.
func Table(breaks map[string]string, catches map[string]Catch) []Fault {
	out := make([]Fault, 0, len(breaks))
	for _, name := range slices.Sorted(maps.Keys(breaks)) {
		c := catches[name]
		out = append(out, Fault{Name: name, Breaks: breaks[name], Check: c.Check, Word: c.Word, Also: c.Also})
	}
	return out
}
