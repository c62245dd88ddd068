package model

import (
	"context"
	"fmt"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/d1"
)

// DB is the platform's D1 database, reached through Cloudflare's API.
type DB struct {
	c     *d1.Client
	guard d1.Guard
}

// New wraps a D1 client; guard checks every account written to.
func New(c *d1.Client, guard d1.Guard) *DB { return &DB{c: c, guard: guard} }

// FromConfig is the D1 database the configuration names (SMOKE_CF_API_URL,
// SMOKE_CF_ACCOUNT_ID, SMOKE_D1_DATABASE_ID, SMOKE_CF_API_TOKEN), guarded
// to the configuration's test accounts: what a check and the sweeper use.
func FromConfig(cfg *config.Config) (*DB, error) {
	if err := cfg.Require("SMOKE_CF_API_URL", "SMOKE_CF_ACCOUNT_ID", "SMOKE_D1_DATABASE_ID", "SMOKE_CF_API_TOKEN"); err != nil {
		return nil, err
	}
	c, err := d1.New(d1.Options{APIURL: cfg.Get("SMOKE_CF_API_URL"), AccountID: cfg.Get("SMOKE_CF_ACCOUNT_ID"), DatabaseID: cfg.Get("SMOKE_D1_DATABASE_ID"),
		Token: cfg.Secret("SMOKE_CF_API_TOKEN"), Timeout: cfg.RequestTimeout, TLS: cfg.TLS()})
	return New(c, d1.Guard{Pattern: cfg.AccountPattern}), err
}

// User reads the users row of an email; found is false when there is none.
func (db *DB) User(ctx context.Context, email string) (row d1.Row, found bool, err error) {
	rows, err := db.c.Query(ctx, `SELECT id, email, role, email_verified, created_at FROM users WHERE email = ?`, email)
	if err != nil || len(rows) == 0 {
		return nil, false, err
	}
	return rows[0], true, nil
}

// ResetTokens reads a user's password reset tokens, newest first.
func (db *DB) ResetTokens(ctx context.Context, userID string) ([]d1.Row, error) {
	return db.c.Query(ctx, `SELECT id, token_hash, token_type, expires_at, used_at, created_at FROM verification_tokens
		WHERE user_id = ? AND token_type = 'password_reset' ORDER BY created_at DESC`, userID)
}

// Subscriptions reads a user's subscriptions rows, newest first.
func (db *DB) Subscriptions(ctx context.Context, userID string) ([]d1.Row, error) {
	return db.c.Query(ctx, `SELECT id, stripe_subscription_id, stripe_customer_id, plan_id, status, current_period_start,
		current_period_end, cancel_at_period_end, created_at, updated_at FROM subscriptions WHERE user_id = ? ORDER BY created_at DESC`, userID)
}

// BackupLogs reads the newest backup_logs rows, newest first.
func (db *DB) BackupLogs(ctx context.Context, limit int) ([]d1.Row, error) {
	return db.c.Query(ctx, `SELECT id, status, object_key, size_bytes, started_at, created_at FROM backup_logs
		ORDER BY created_at DESC, id DESC LIMIT ?`, fmt.Sprint(limit))
}

// MarkVerified sets email_verified on a test account, as a deployment's
// verification mail would.
func (db *DB) MarkVerified(ctx context.Context, email string) error {
	if err := db.guard.Check(email); err != nil {
		return err
	}
	_, err := db.c.Query(ctx, `UPDATE users SET email_verified = 1 WHERE email = ?`, email)
	return err
}

// accountChildren are the tables holding a user's rows, deleted before
// the user: D1 enforces the foreign keys.
var accountChildren = []string{
	`DELETE FROM verification_tokens WHERE user_id IN (SELECT id FROM users WHERE email = ?)`,
	`DELETE FROM subscriptions WHERE user_id IN (SELECT id FROM users WHERE email = ?)`,
	`DELETE FROM manuscripts WHERE author_id IN (SELECT id FROM users WHERE email = ?)`,
}

// DeleteAccount removes a test account and what it owns, children first.
func (db *DB) DeleteAccount(ctx context.Context, email string) error {
	if err := db.guard.Check(email); err != nil {
		return err
	}
	for _, stmt := range accountChildren {
		if _, err := db.c.Query(ctx, stmt, email); err != nil {
			return fmt.Errorf("delete the rows of %s: %w", email, err)
		}
	}
	if _, err := db.c.Query(ctx, `DELETE FROM users WHERE email = ?`, email); err != nil {
		return fmt.Errorf("delete the user %s: %w", email, err)
	}
	return nil
}
