package platform

import (
	"context"
	"fmt"
	"strconv"

	"github.com/smokegate/smokegate/harness/d1"
	"github.com/smokegate/smokegate/harness/sweep"
)

// maxSwept bounds how many accounts one sweep reads.
const maxSwept = 5000

// TestAccounts lists the emails of the test accounts in scope: those of
// the run (their email holds "+<run>-"), or those created before the
// cutoff. D1 has no regular expressions, so candidates are read by the
// "+" every suite email holds and the guard decides.
func (db *DB) TestAccounts(ctx context.Context, scope sweep.Scope) ([]string, error) {
	var rows []d1.Row
	var err error
	if tag := scope.Tag(); tag != "" {
		rows, err = db.c.Query(ctx, `SELECT email FROM users WHERE instr(email, ?) > 0 LIMIT `+strconv.Itoa(maxSwept), tag)
	} else {
		rows, err = db.c.Query(ctx, `SELECT email FROM users WHERE instr(email, '+') > 0 AND created_at < CAST(? AS INTEGER) LIMIT `+strconv.Itoa(maxSwept),
			strconv.FormatInt(scope.Cutoff.Unix(), 10))
	}
	if err != nil {
		return nil, fmt.Errorf("find test accounts: %w", err)
	}
	var out []string
	for _, r := range rows {
		email, _ := r["email"].(string)
		if db.guard.Check(email) == nil && scope.Covers(email) {
			out = append(out, email)
		}
	}
	return out, nil
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
