package main

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/smokegate/smokegate/fixtures/manuscript"
	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/d1"
	"github.com/smokegate/smokegate/harness/report"
)

// manuscriptTables are the D1 tables counted before and after each case:
// those the contract names, and stripe_events, where the sandbox's Worker
// remembers the Stripe events it handled (the webhook check removes its
// own, found by their run-tagged ids; so does the sweep).
var manuscriptTables = []string{"users", "manuscripts", "subscriptions", "verification_tokens", "backup_logs", "stripe_events"}

// msOutsider is an ordinary author with rows in every table an account
// owns, which no run may touch.
const msOutsider = "author@example.com"

// msTarget is a manuscript stack as the test sees it: its remote
// configuration, a D1 client for counting, and its untouchable accounts
// (the pre-made one and msOutsider) as they were at the start.
type msTarget struct {
	env      map[string]string
	db       *d1.Client
	accounts string
}

// After a passing run, failing runs, SIGTERM once the run has an account,
// kill -9 of the whole run with a reset token in flight followed by
// smokegate sweep -runbook manuscript -run <id>, and a run whose D1
// access is unreachable followed by the same sweep, every table the
// contract names holds as many rows as before, and the pre-made account
// and an ordinary author are as they were. The gates run in remote mode
// against one in-process manuscript stack that outlives them (a case with
// faults gets a stack of its own: the manuscript sandbox fixes its faults
// at start); its D1 database is counted before and after each case
// through the D1 route, with the harness's client (the counts are logged).
func TestNoManuscriptDataLeftBehind(t *testing.T) {
	bin := gateToKill(t)
	lasting := manuscriptTarget(t, manuscript.Options{})
	tests := []struct {
		name     string
		faults   []string                                      // the case runs against a stack of its own with these
		env      map[string]string                             // set for this run only
		stop     *stopWhen                                     // how the run is cut short; nil: let it end
		when     func(db *d1.Client, runID string) func() bool // stop's condition
		sweep    bool                                          // run smokegate sweep -runbook manuscript -run <id> after the run
		wantLeft bool                                          // the run itself must leave an account, for the sweep to remove
		wantCode int                                           // -1: any
		wantOut  []string                                      // in the output; {run} is the run id
	}{
		{name: "passing run", wantCode: report.ExitPass},
		{name: "failing run: the reset mail is not sent, a reset token in flight", faults: []string{"reset-mail-not-sent"},
			wantCode: report.ExitFail, wantOut: []string{"✗ passwordreset/"}},
		{name: "failing run: no subscription from the paid checkout", faults: []string{"webhook-no-metadata"},
			wantCode: report.ExitFail, wantOut: []string{"✗ webhook/"}},
		{name: "failing run: the gate holds a stale webhook secret", env: map[string]string{"SMOKE_STRIPE_WEBHOOK_SECRET": "whsec_stale0000000000000000"},
			wantCode: report.ExitFail, wantOut: []string{"✗ webhook/"}},
		{name: "SIGTERM once the run has an account", stop: &stopWhen{sig: syscall.SIGTERM}, when: runAccountExists,
			wantCode: report.ExitUndecided},
		{name: "kill -9 of the whole run with a reset token in flight, then sweep", stop: &stopWhen{sig: syscall.SIGKILL, tree: true},
			when: runResetTokenExists, sweep: true, wantLeft: true, wantCode: -1},
		{name: "the gate's D1 access unreachable, then sweep", env: map[string]string{"SMOKE_CF_API_URL": "http://127.0.0.1:9/client/v4"},
			sweep: true, wantLeft: true, wantCode: report.ExitUndecided,
			wantOut: []string{"left behind", "user smoke+{run}-", "bin/smokegate sweep -runbook manuscript -run {run}"}},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tgt := lasting
			if len(tc.faults) > 0 {
				tgt = manuscriptTarget(t, manuscript.Options{Faults: tc.faults})
			}
			runID := fmt.Sprintf("msleft%d%d", i, time.Now().Unix()%100000)
			env := withRunID(tgt.env, runID)
			maps.Copy(env, tc.env)
			stop := tc.stop
			if stop != nil {
				when := tc.when(tgt.db, runID)
				stop = &stopWhen{sig: stop.sig, tree: stop.tree, cond: func(string) bool { return when() }}
			}
			before := tableCounts(t, tgt.db)
			code, out, fired := runStoppedWhen(t, filepath.Join(bin, "smokegate"), env, stop)
			if stop != nil && !fired {
				t.Errorf("the run ended before it could be stopped (exit %d): the case proves nothing\n%s", code, out)
			}
			if tc.sweep {
				left := tableCounts(t, tgt.db)
				t.Logf("after the run: %s", format(left))
				if tc.wantLeft && left["users"] <= before["users"] {
					t.Errorf("the run left no account behind (users %d before, %d after): the sweep has nothing to prove", before["users"], left["users"])
				}
				out += sweepManuscriptRun(t, bin, tgt.env, runID)
			}
			for _, w := range tc.wantOut {
				if w = strings.ReplaceAll(w, "{run}", runID); !strings.Contains(out, w) {
					t.Errorf("the output does not say %q:\n%s", w, out)
				}
			}
			after := tableCounts(t, tgt.db)
			t.Logf("exit %d; counts before: %s; after: %s\n%s", code, format(before), format(after), lastLines(out, 12))
			if tc.wantCode >= 0 && code != tc.wantCode {
				t.Errorf("exit %d, want %d:\n%s", code, tc.wantCode, out)
			}
			if !maps.Equal(before, after) {
				t.Errorf("the run left rows behind: before %s, after %s\n%s", format(before), format(after), out)
			}
			if got := untouchable(t, tgt.db); got != tgt.accounts {
				t.Errorf("the pre-made account or %s changed:\nbefore %s\nafter  %s", msOutsider, tgt.accounts, got)
			}
		})
	}
}

// manuscriptTarget starts a manuscript stack for the rest of the test,
// gives msOutsider its rows, and returns the stack's remote configuration
// for the manuscript runbook.
func manuscriptTarget(t *testing.T, opts manuscript.Options) msTarget {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	st, err := manuscript.Start(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	env := st.Env()
	env["SMOKE_TARGET"] = "remote"
	env["SMOKE_RUNBOOK"] = "manuscript"
	db := manuscriptD1(t, env)
	seedManuscriptOutsider(t, db)
	tgt := msTarget{env: env, db: db, accounts: untouchable(t, db)}
	if n := countRows(t, db, `SELECT count(*) AS n FROM manuscripts WHERE author_id IN (SELECT id FROM users WHERE email = ?)`, manuscript.PremadeEmail); n != 2 {
		t.Fatalf("the pre-made account has %d manuscripts, want 2", n)
	}
	return tgt
}

// manuscriptD1 is a D1 client for the stack env describes.
func manuscriptD1(t *testing.T, env map[string]string) *d1.Client {
	t.Helper()
	c, err := d1.New(d1.Options{APIURL: env["SMOKE_CF_API_URL"], AccountID: env["SMOKE_CF_ACCOUNT_ID"],
		DatabaseID: env["SMOKE_D1_DATABASE_ID"], Token: config.NewSecret(env["SMOKE_CF_API_TOKEN"])})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// seedManuscriptOutsider gives msOutsider a users row, a manuscript, a
// reset token and a subscription.
func seedManuscriptOutsider(t *testing.T, db *d1.Client) {
	t.Helper()
	at := fmt.Sprint(time.Now().Add(-400 * 24 * time.Hour).Unix())
	for _, q := range []struct {
		sql    string
		params []string
	}{
		{`INSERT INTO users (id, email, password_hash, role, email_verified, created_at) VALUES ('u-outsider', ?, 'x', 'author', 1, ?)`, []string{msOutsider, at}},
		{`INSERT INTO manuscripts (id, author_id, title, created_at) VALUES ('m-outsider', 'u-outsider', 'Collected Letters', ?)`, []string{at}},
		{`INSERT INTO verification_tokens (id, user_id, token_hash, token_type, expires_at, created_at) VALUES ('v-outsider', 'u-outsider', 'outsider-hash', 'password_reset', ?, ?)`, []string{at, at}},
		{`INSERT INTO subscriptions (id, user_id, stripe_subscription_id, stripe_customer_id, plan_id, status, created_at, updated_at)
			VALUES ('s-outsider', 'u-outsider', 'sub_outsider', 'cus_outsider', 'pro', 'active', ?, ?)`, []string{at, at}},
	} {
		if _, err := db.Query(context.Background(), q.sql, q.params...); err != nil {
			t.Fatalf("seed %s: %v", msOutsider, err)
		}
	}
}

// tableCounts is the number of rows of every table of manuscriptTables.
func tableCounts(t *testing.T, db *d1.Client) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, table := range manuscriptTables {
		out[table] = countRows(t, db, `SELECT count(*) AS n FROM `+table) // a constant of ours, not input
	}
	return out
}

// countRows runs a SELECT count(*) AS n statement.
func countRows(t *testing.T, db *d1.Client, sql string, params ...string) int64 {
	t.Helper()
	n, err := queryCount(db, sql, params...)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func queryCount(db *d1.Client, sql string, params ...string) (int64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rows, err := db.Query(ctx, sql, params...)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", sql, err)
	}
	if len(rows) != 1 {
		return 0, fmt.Errorf("%s: %d rows, want 1", sql, len(rows))
	}
	n, ok := rows[0].Int("n")
	if !ok {
		return 0, fmt.Errorf("%s: no number in %v", sql, rows[0])
	}
	return n, nil
}

// untouchable renders the pre-made account's and msOutsider's users rows
// and every row they own.
func untouchable(t *testing.T, db *d1.Client) string {
	t.Helper()
	var b strings.Builder
	for _, email := range []string{manuscript.PremadeEmail, msOutsider} {
		for _, sql := range []string{
			`SELECT * FROM users WHERE email = ?`,
			`SELECT * FROM manuscripts WHERE author_id IN (SELECT id FROM users WHERE email = ?) ORDER BY id`,
			`SELECT * FROM verification_tokens WHERE user_id IN (SELECT id FROM users WHERE email = ?) ORDER BY id`,
			`SELECT * FROM subscriptions WHERE user_id IN (SELECT id FROM users WHERE email = ?) ORDER BY id`,
		} {
			rows, err := db.Query(context.Background(), sql, email)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%v; ", rows)
		}
	}
	return b.String()
}

// runAccountExists holds once a users row of the run exists.
func runAccountExists(db *d1.Client, runID string) func() bool {
	return func() bool {
		n, err := queryCount(db, `SELECT count(*) AS n FROM users WHERE instr(email, ?) > 0`, "+"+runID+"-")
		return err == nil && n > 0
	}
}

// runResetTokenExists holds once an account of the run has a
// verification_tokens row: the account and a row it owns are in flight.
func runResetTokenExists(db *d1.Client, runID string) func() bool {
	return func() bool {
		n, err := queryCount(db, `SELECT count(*) AS n FROM verification_tokens WHERE user_id IN (SELECT id FROM users WHERE instr(email, ?) > 0)`, "+"+runID+"-")
		return err == nil && n > 0
	}
}

// sweepManuscriptRun runs the sweep command the gate prints for what a run
// left, SMOKE_TEST_ACCOUNT_PATTERN=... bin/smokegate sweep -runbook
// manuscript -run <id>, with the run's other settings (without
// SMOKE_RUNBOOK, so the flag is what picks the sweeper), and returns its
// output.
func sweepManuscriptRun(t *testing.T, bin string, env map[string]string, runID string) string {
	t.Helper()
	env = maps.Clone(env)
	delete(env, "SMOKE_RUNBOOK")
	env["SMOKE_TEST_ACCOUNT_PATTERN"] = `^smoke\+[a-z0-9-]+@smokegate\.test$`
	code, out := runBinary(t, filepath.Join(bin, "smokegate"), t.TempDir(), env, "sweep", "-runbook", "manuscript", "-run", runID)
	t.Logf("smokegate sweep -runbook manuscript -run %s: exit %d\n%s", runID, code, out)
	if code != 0 {
		t.Errorf("sweep exit %d, want 0", code)
	}
	return out
}
