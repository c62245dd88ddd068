// Package sweep is what every product's sweeper shares: the command line
// (-older-than, -run, -dry-run), the checks that keep a sweep away from a
// run still going and from accounts that are not the suite's, the
// configuration, and the exit codes. A product's sweeper (its runbook's
// sweep command, smoke/<runbook>/sweep) supplies only how to find and
// remove its test accounts.
package sweep

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/runbook"
)

// Timeout bounds a whole sweep.
const Timeout = 5 * time.Minute

// MinAge keeps a sweep by age away from the accounts of a run still
// going: a gate run is over in minutes.
const MinAge = 10 * time.Minute

// Scope is what a sweep removes: one finished run's data when RunID is
// set, whatever its age; else what was created before Cutoff.
type Scope struct {
	RunID  string
	Cutoff time.Time
	// Keep is the pre-made test account (Run's keep): it matches the
	// pattern, but the checks that sign in with it need it to stay.
	Keep string
}

// made is the shape of the accounts the suite makes itself, the whole
// email <name>+<run id>-<test>@<domain> (harness.S.Email, with the run
// id's shape of SMOKE_RUN_ID): a pre-made account a person created, such
// as smoke+premade@, has another. One named like a made one
// (smoke+team-lead@) is safe only as the product's pre-made account (Run's keep).
var made = regexp.MustCompile(`^[^+@]+\+[a-z0-9]{4,20}-[^+@]+@[^+@]+$`)

// runID is the shape of SMOKE_RUN_ID.
var runID = regexp.MustCompile(`^[a-z0-9]{4,20}$`)

// Covers tells whether a test account's email is in scope: one the suite
// made (of the run, with RunID), and never the pre-made account, even
// when the product has no pre-made account set.
func (sc Scope) Covers(email string) bool {
	return made.MatchString(email) && !strings.EqualFold(email, sc.Keep) && strings.Contains(email, sc.Tag())
}

// Filter keeps the emails the scope covers.
func (sc Scope) Filter(emails []string) []string {
	var out []string
	for _, e := range emails {
		if sc.Covers(e) {
			out = append(out, e)
		}
	}
	return out
}

// Tag is what every account email of the scope's run holds
// (smoke+<run>-<test>@...), or "" for a sweep by age.
func (sc Scope) Tag() string {
	if sc.RunID == "" {
		return ""
	}
	return "+" + sc.RunID + "-"
}

// String says which data the scope covers.
func (sc Scope) String() string {
	if sc.RunID != "" {
		return "of run " + sc.RunID
	}
	return "created before " + sc.Cutoff.UTC().Format(time.RFC3339)
}

// Sweeper finds and removes (or, with dryRun, counts) a product's test
// data in scope and prints what it did to out.
type Sweeper func(ctx context.Context, cfg *config.Config, scope Scope, dryRun bool, out io.Writer) error

// Run is a sweeper's main: it parses args, loads the configuration from
// src, checks them, runs sw within Timeout and returns the exit code: 0
// done, 2 it could not sweep (the error is on stderr). keep names the
// product's variable of its pre-made test account, which is never removed
// ("": it has none).
func Run(name string, args []string, src config.Source, stdout, stderr io.Writer, sw Sweeper, keep string) int {
	fs := flag.NewFlagSet(name+" sweep", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: smokegate sweep [-runbook %s] [-older-than 1h | -run <id>] [-dry-run]\n", name)
		fs.PrintDefaults()
	}
	olderThan := fs.Duration("older-than", time.Hour, "remove test accounts created longer ago than this")
	dryRun := fs.Bool("dry-run", false, "print what would be removed, remove nothing")
	runID := fs.String("run", "", "remove what this run left (its id is in the gate's first line and the report folder), whatever its age; -older-than is then not used")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if src.Runbooks == "" {
		src.Runbooks, src.Runbook = runbook.Folder(), name
	}
	cfg, scope, err := prepare(src, *olderThan, *runID, keep)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), Timeout)
		defer cancel()
		err = sw(ctx, cfg, scope, *dryRun, stdout)
	}
	if err != nil {
		msg := err.Error()
		if cfg != nil {
			msg = cfg.Redactor()(msg)
		}
		fmt.Fprintf(stderr, "smokegate sweep (%s): %s\n", name, msg)
		return 2
	}
	return 0
}

// prepare checks the flags and loads the configuration, and returns the
// scope they name.
func prepare(src config.Source, olderThan time.Duration, id, keep string) (*config.Config, Scope, error) {
	if id != "" && !runID.MatchString(id) {
		return nil, Scope{}, fmt.Errorf("-run %q: a run id is 4 to 20 lowercase letters and digits (the gate's first line and the report folder show it)", id)
	}
	if id == "" && olderThan < MinAge {
		return nil, Scope{}, fmt.Errorf("-older-than is %s; give at least %s (such as 1h), so a gate run still going keeps its accounts, or name a finished run with -run <id>", olderThan, MinAge)
	}
	cfg, err := config.Load(src)
	if err != nil {
		return nil, Scope{}, err
	}
	// The pattern has a default for the tests; a sweep of production data
	// must be told which accounts are the suite's.
	if given, err := config.Given(src, "SMOKE_TEST_ACCOUNT_PATTERN"); err != nil || !given {
		return cfg, Scope{}, errors.Join(err, errors.New("SMOKE_TEST_ACCOUNT_PATTERN is not set: set it to the pattern the gate's runs used (e.g. ^smoke\\+[a-z0-9-]+@smokegate\\.test$); sweep removes only accounts it matches"))
	}
	now := time.Now
	if src.Now != nil {
		now = src.Now
	}
	scope := Scope{RunID: id, Cutoff: now(), Keep: cfg.Get(keep)}
	if id == "" {
		scope.Cutoff = scope.Cutoff.Add(-olderThan)
	}
	return cfg, scope, nil
}

// Verb is how a sweeper's report says what it did.
func Verb(dryRun bool) string {
	if dryRun {
		return "would remove (dry run: nothing removed)"
	}
	return "removed"
}
