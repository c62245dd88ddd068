package main

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/smokegate/smokegate/fixtures/manuscript"
	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/d1"
	"github.com/smokegate/smokegate/harness/sweep"
)

// account is a seeded user with a manuscript and a reset token.
type account struct {
	email string
	age   time.Duration
}

var seeded = []account{
	{"smoke+old1-signin@smokegate.test", 3 * time.Hour},
	{"smoke+old2-webhook@smokegate.test", 2 * time.Hour},
	{"smoke+fresh-passwordreset@smokegate.test", time.Minute},
	{"author@example.com", 400 * 24 * time.Hour},
}

// The sweep against the manuscript sandbox's D1 route (the same
// cloudflare-go client as production): a dry run changes nothing; a sweep
// removes the old test accounts with their rows, and never the ordinary
// account or the pre-made one the sign-in check uses.
func TestSweep(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	env, db := startStack(ctx, t)
	seed(ctx, t, db)
	all := append(emails(seeded), manuscript.PremadeEmail)
	kept := []string{"smoke+fresh-passwordreset@smokegate.test", "author@example.com", manuscript.PremadeEmail}
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		wantCode int
		wantOut  string
		wantLeft []string
	}{
		{"no D1 database", nil, without(env, "SMOKE_D1_DATABASE_ID"), 2, "SMOKE_D1_DATABASE_ID is not set", all},
		{"no pattern", nil, without(env, "SMOKE_TEST_ACCOUNT_PATTERN"), 2, "SMOKE_TEST_ACCOUNT_PATTERN is not set", all},
		{"dry run", []string{"-dry-run"}, env, 0, "2 test accounts", all},
		{"sweep", nil, env, 0, "manuscripts          2\n  users                2\n  stripe_events        1", kept},
		{"again: nothing left", nil, env, 0, "0 test accounts", kept},
		{"one finished run, whatever its age", []string{"-run", "fresh"}, env, 0, "1 test accounts", []string{"author@example.com", manuscript.PremadeEmail}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := sweep.Run("manuscript", tc.args, config.Source{Dir: t.TempDir(), Lookup: config.LookupOnly(tc.env)}, &stdout, &stderr, sweepAccounts, "SMOKE_TEST_EMAIL")
			out := stdout.String() + stderr.String()
			t.Logf("exit %d:\n%s", code, out)
			if code != tc.wantCode || !strings.Contains(out, tc.wantOut) {
				t.Errorf("exit %d, want %d and output holding %q", code, tc.wantCode, tc.wantOut)
			}
			if left := users(ctx, t, db); !slices.Equal(left, sorted(tc.wantLeft)) {
				t.Errorf("users left %v, want %v", left, sorted(tc.wantLeft))
			}
		})
	}
	if n := rows(ctx, t, db, `SELECT count(*) AS n FROM manuscripts WHERE author_id NOT IN (SELECT id FROM users)`); n != 0 {
		t.Errorf("%d manuscripts of removed users left", n)
	}
	if n := rows(ctx, t, db, `SELECT count(*) AS n FROM stripe_events WHERE id = 'evt_1RealStripeEvent'`); n != 1 {
		t.Error("the sweep removed an event Stripe sent")
	}
	if n := rows(ctx, t, db, `SELECT count(*) AS n FROM stripe_events WHERE id LIKE 'evt_smoke_%'`); n != 0 {
		t.Errorf("%d of the suite's events left", n)
	}
}

// startStack starts a manuscript sandbox for the test and returns the
// sweep's configuration and a D1 client, both pointing at it.
func startStack(ctx context.Context, t *testing.T) (map[string]string, *d1.Client) {
	t.Helper()
	st, err := manuscript.Start(ctx, manuscript.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	env := st.Env()
	env["SMOKE_TEST_ACCOUNT_PATTERN"] = `^smoke\+[a-z0-9-]+@smokegate\.test$`
	return env, client(t, env)
}

func client(t *testing.T, env map[string]string) *d1.Client {
	t.Helper()
	c, err := d1.New(d1.Options{APIURL: env["SMOKE_CF_API_URL"], AccountID: env["SMOKE_CF_ACCOUNT_ID"],
		DatabaseID: env["SMOKE_D1_DATABASE_ID"], Token: config.NewSecret(env["SMOKE_CF_API_TOKEN"])})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// seed adds each account with a manuscript and a password reset token.
func seed(ctx context.Context, t *testing.T, db *d1.Client) {
	t.Helper()
	now := time.Now()
	for i, a := range seeded {
		id, at := fmt.Sprintf("u-sweep-%d", i), fmt.Sprint(now.Add(-a.age).Unix())
		for _, q := range []struct {
			sql    string
			params []string
		}{
			{`INSERT INTO users (id, email, password_hash, role, email_verified, created_at) VALUES (?, ?, 'x', 'author', 1, ?)`, []string{id, a.email, at}},
			{`INSERT INTO manuscripts (id, author_id, title, created_at) VALUES (?, ?, 'Draft', ?)`, []string{"m-" + id, id, at}},
			{`INSERT INTO verification_tokens (id, user_id, token_hash, token_type, expires_at, created_at) VALUES (?, ?, 'h', 'password_reset', ?, ?)`, []string{"v-" + id, id, at, at}},
		} {
			if _, err := db.Query(ctx, q.sql, q.params...); err != nil {
				t.Fatalf("seed %s: %v", a.email, err)
			}
		}
	}
	// The Worker's records of events: two the suite built, one Stripe sent.
	for _, ev := range []struct{ id, at string }{
		{"evt_smoke_old1_ab12", fmt.Sprint(now.Add(-3 * time.Hour).Unix())},
		{"evt_smoke_fresh_cd34", fmt.Sprint(now.Unix())},
		{"evt_1RealStripeEvent", fmt.Sprint(now.Add(-3 * time.Hour).Unix())},
	} {
		if _, err := db.Query(ctx, `INSERT INTO stripe_events (id, type, created_at) VALUES (?, 'checkout.session.completed', ?)`, ev.id, ev.at); err != nil {
			t.Fatal(err)
		}
	}
	// The pre-made account is as old as the deployment: a sweep by age
	// reaches it unless it is kept.
	if _, err := db.Query(ctx, `UPDATE users SET created_at = ? WHERE email = ?`, fmt.Sprint(now.AddDate(0, -1, 0).Unix()), manuscript.PremadeEmail); err != nil {
		t.Fatal(err)
	}
}

func rows(ctx context.Context, t *testing.T, db *d1.Client, sql string) int {
	t.Helper()
	rs, err := db.Query(ctx, sql)
	if err != nil || len(rs) != 1 {
		t.Fatalf("%s: %v", sql, err)
	}
	n, _ := rs[0]["n"].(float64)
	return int(n)
}

func emails(as []account) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.email)
	}
	return out
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

func without(env map[string]string, key string) map[string]string {
	out := map[string]string{}
	for k, v := range env {
		if k != key {
			out[k] = v
		}
	}
	return out
}

// users are the emails in users, the sandbox's seeded authors left out
// (TestSweepPagesPastOtherUsers holds the sweep off them).
func users(ctx context.Context, t *testing.T, db *d1.Client) []string {
	t.Helper()
	rs, err := db.Query(ctx, `SELECT email FROM users WHERE email NOT LIKE ? ORDER BY email`, "%@"+manuscript.SeededDomain)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rs {
		out = append(out, fmt.Sprint(r["email"]))
	}
	return out
}

// Plus-addressed users that are not the suite's may be many: the sweep
// reads the users page by page, so an account of a crashed run behind 600
// of them, older than it, is still found, and none of them is touched.
func TestSweepPagesPastOtherUsers(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	env, db := startStack(ctx, t)
	old := fmt.Sprint(time.Now().Add(-48 * time.Hour).Unix())
	if _, err := db.Query(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600)
		INSERT INTO users (id, email, password_hash, role, email_verified, created_at)
		SELECT 'u-news-' || i, 'smoke+newsletter' || i || '@smokegate.test', 'x', 'author', 1, ? FROM n`, old); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Query(ctx, `INSERT INTO users (id, email, password_hash, role, email_verified, created_at) VALUES ('u-late', 'smoke+zzzz-late@smokegate.test', 'x', 'author', 1, ?)`, old); err != nil {
		t.Fatal(err)
	}
	seededQ := `SELECT COUNT(*) AS n FROM users WHERE email LIKE '%@` + manuscript.SeededDomain + `'`
	seeded := rows(ctx, t, db, seededQ)
	var stdout, stderr bytes.Buffer
	code := sweep.Run("manuscript", nil, config.Source{Dir: t.TempDir(), Lookup: config.LookupOnly(env)}, &stdout, &stderr, sweepAccounts, "SMOKE_TEST_EMAIL")
	t.Logf("exit %d:\n%s%s", code, stdout.String(), stderr.String())
	if after := rows(ctx, t, db, seededQ); seeded == 0 || after != seeded {
		t.Errorf("the sandbox's seeded authors: %d before the sweep, %d after; want the same, not 0", seeded, after)
	}
	left := users(ctx, t, db)
	if code != 0 || slices.Contains(left, "smoke+zzzz-late@smokegate.test") || len(left) != 601 {
		t.Errorf("exit %d, %d users left (want 0, and 601: the 600 others and the pre-made account, not the crashed run's)", code, len(left))
	}
}

// A deployment that differs from the sandbox where the contract is silent
// still gets its test accounts swept: a stripe_events table of another
// shape holds nothing of the suite's (not a failed sweep), and one run's
// accounts are found whatever unit created_at is in.
func TestSweepOtherDeployments(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	env, db := startStack(ctx, t)
	now := time.Now()
	for _, q := range []struct {
		sql    string
		params []string
	}{
		{`DROP TABLE stripe_events`, nil},
		{`CREATE TABLE stripe_events (event_id TEXT PRIMARY KEY, processed_at INTEGER)`, nil},
		{`INSERT INTO users (id, email, password_hash, role, email_verified, created_at) VALUES ('u-old', 'smoke+olda-signin@smokegate.test', 'x', 'author', 1, ?)`,
			[]string{fmt.Sprint(now.Add(-3 * time.Hour).Unix())}},
		{`INSERT INTO users (id, email, password_hash, role, email_verified, created_at) VALUES ('u-ms', 'smoke+msec-webhook@smokegate.test', 'x', 'author', 1, ?)`,
			[]string{fmt.Sprint(now.UnixMilli())}},
	} {
		if _, err := db.Query(ctx, q.sql, q.params...); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}
	tests := []struct {
		name    string
		args    []string
		wantOut string
		gone    string
	}{
		{"by age, another events table", nil, "users                1\n  stripe_events        0", "smoke+olda-signin@smokegate.test"},
		{"one run, created_at in milliseconds", []string{"-run", "msec"}, "1 test accounts", "smoke+msec-webhook@smokegate.test"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := sweep.Run("manuscript", tc.args, config.Source{Dir: t.TempDir(), Lookup: config.LookupOnly(env)}, &stdout, &stderr, sweepAccounts, "SMOKE_TEST_EMAIL")
			out := stdout.String() + stderr.String()
			t.Logf("exit %d:\n%s", code, out)
			if code != 0 || !strings.Contains(out, tc.wantOut) {
				t.Errorf("exit %d, want 0 and output holding %q", code, tc.wantOut)
			}
			if slices.Contains(users(ctx, t, db), tc.gone) {
				t.Errorf("%s is still there", tc.gone)
			}
		})
	}
}
