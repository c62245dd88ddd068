package model

import (
	"context"
	"fmt"
	"strconv"

	"github.com/smokegate/smokegate/harness/sweep"
)

// sweepPage is how many users one query of TestAccounts reads.
const sweepPage = 500

// TestAccounts lists the emails of the test accounts in scope: those of
// the run (their email holds "+<run>-"), or those created before the
// cutoff. D1 has no regular expressions, so the query narrows the users
// to those starting with the pattern's literal prefix (smoke+) and holding
// the run's tag, page by page in byte order of the email (whatever the
// column's collation), and the guard and the scope decide on each. One
// run's accounts are taken whatever their age: created_at is not read.
func (db *DB) TestAccounts(ctx context.Context, scope sweep.Scope) ([]string, error) {
	if db.guard.Pattern == nil {
		return nil, fmt.Errorf("find test accounts: no test account pattern (SMOKE_TEST_ACCOUNT_PATTERN)")
	}
	prefix, _ := db.guard.Pattern.LiteralPrefix()
	cutoff := strconv.FormatInt(scope.Cutoff.Unix(), 10)
	if scope.RunID != "" {
		cutoff = ""
	}
	var out []string
	for after := ""; ; {
		rows, err := db.c.Query(ctx, `SELECT email FROM users WHERE substr(email, 1, length(?1)) = ?1 AND instr(email, ?2) > 0
			AND (?3 = '' OR created_at < CAST(?3 AS INTEGER)) AND email COLLATE BINARY > ?4
			ORDER BY email COLLATE BINARY LIMIT `+strconv.Itoa(sweepPage),
			prefix, scope.Tag(), cutoff, after)
		if err != nil {
			return nil, fmt.Errorf("find test accounts: %w", err)
		}
		for _, r := range rows {
			email, _ := r["email"].(string)
			if email <= after {
				return nil, fmt.Errorf("find test accounts: D1 answered the users out of email order (%q after %q)", email, after)
			}
			after = email
			if db.guard.Check(email) == nil && scope.Covers(email) {
				out = append(out, email)
			}
		}
		if len(rows) < sweepPage {
			return out, nil
		}
	}
}

// AccountTables are the tables DeleteAccount removes from, in its order.
var AccountTables = []string{"verification_tokens", "subscriptions", "manuscripts", "users"}

// ownedCounts count, per table of AccountTables, an account's rows.
var ownedCounts = []string{
	`SELECT count(*) AS n FROM verification_tokens WHERE user_id IN (SELECT id FROM users WHERE email = ?)`,
	`SELECT count(*) AS n FROM subscriptions WHERE user_id IN (SELECT id FROM users WHERE email = ?)`,
	`SELECT count(*) AS n FROM manuscripts WHERE author_id IN (SELECT id FROM users WHERE email = ?)`,
	`SELECT count(*) AS n FROM users WHERE email = ?`,
}

// Owned counts, per table, the rows DeleteAccount removes for the test
// account with this email: what a sweep reports.
func (db *DB) Owned(ctx context.Context, email string) (map[string]int64, error) {
	if err := db.guard.Check(email); err != nil {
		return nil, err
	}
	counts := map[string]int64{}
	for i, stmt := range ownedCounts {
		rows, err := db.c.Query(ctx, stmt, email)
		if err != nil || len(rows) != 1 {
			return counts, fmt.Errorf("count the %s rows of %s: %v", AccountTables[i], email, err)
		}
		n, ok := rows[0]["n"].(float64)
		if !ok {
			return counts, fmt.Errorf("count the %s rows of %s: the answer holds no number (%v)", AccountTables[i], email, rows[0])
		}
		counts[AccountTables[i]] = int64(n)
	}
	return counts, nil
}
