package model

import (
	"context"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// StaleAccounts lists the emails of the test accounts created before
// cutoff: users whose email matches the test account pattern (asked of the
// server, then checked by the guard) and whose createdAt is older. A user
// without createdAt is never stale.
func (d *DB) StaleAccounts(ctx context.Context, cutoff time.Time) ([]string, error) {
	return d.accounts(ctx, bson.M{"createdAt": bson.M{"$lt": cutoff}}, "")
}

// RunAccounts lists the emails of run runID's test accounts, whatever
// their age: test accounts whose email carries "+<runID>-", as every
// account the suite makes does (smoke+<run>-<test>@...).
func (d *DB) RunAccounts(ctx context.Context, runID string) ([]string, error) {
	if runID == "" {
		return nil, fmt.Errorf("find a run's test accounts: no run id")
	}
	return d.accounts(ctx, bson.M{}, "+"+runID+"-")
}

func (d *DB) accounts(ctx context.Context, filter bson.M, tag string) ([]string, error) {
	filter["email"] = bson.M{"$regex": d.allowed.String()}
	cur, err := d.db.Collection("users").Find(ctx, filter, options.Find().SetProjection(bson.M{"email": 1}))
	if err != nil {
		return nil, fmt.Errorf("find test accounts: %w", err)
	}
	var users []struct {
		Email string `bson:"email"`
	}
	if err := cur.All(ctx, &users); err != nil {
		return nil, fmt.Errorf("find test accounts: %w", err)
	}
	var out []string
	for _, u := range users {
		if d.Check(u.Email) == nil && strings.Contains(u.Email, tag) {
			out = append(out, u.Email)
		}
	}
	return out, nil
}

// Owned counts, per collection, what DeleteAccount removes for the test
// account with this email (users included): what a dry run reports.
func (d *DB) Owned(ctx context.Context, email string) (map[string]int64, error) {
	return d.sweepAccount(ctx, email, true)
}

// RemoveAccount is DeleteAccount, and says how many documents went from
// each collection.
func (d *DB) RemoveAccount(ctx context.Context, email string) (map[string]int64, error) {
	return d.sweepAccount(ctx, email, false)
}

// sweepAccount counts (dryRun) or deletes the account's data, children
// first, in deletePlan's order.
func (d *DB) sweepAccount(ctx context.Context, email string, dryRun bool) (map[string]int64, error) {
	if err := d.Check(email); err != nil {
		return nil, err
	}
	user, ok, err := d.User(ctx, email)
	if err != nil || !ok {
		return nil, err
	}
	counts := map[string]int64{}
	for _, step := range deletePlan(user["_id"]) {
		coll := d.db.Collection(step.coll)
		var n int64
		if dryRun {
			n, err = coll.CountDocuments(ctx, step.filter)
		} else {
			res, derr := coll.DeleteMany(ctx, step.filter)
			if err = derr; res != nil {
				n = res.DeletedCount
			}
		}
		if err != nil {
			return counts, fmt.Errorf("sweep test account's %s: %w", step.coll, err)
		}
		counts[step.coll] = n
	}
	return counts, nil
}

// DeleteAccountSettled removes the account as DeleteAccount does, waits
// with settle, and removes once more what the product stored under the
// account's id in between: a request the test gave up on (stopped by
// SIGTERM, or cut short by a failure) can still be carried out by the
// target after the first removal.
func (d *DB) DeleteAccountSettled(ctx context.Context, email string, settle func(context.Context) error) error {
	if err := d.Check(email); err != nil {
		return err
	}
	user, ok, err := d.User(ctx, email)
	if err != nil || !ok {
		return err
	}
	if _, err := d.sweepAccount(ctx, email, false); err != nil {
		return err
	}
	if err := settle(ctx); err != nil {
		return err
	}
	for _, step := range deletePlan(user["_id"]) {
		if _, err := d.db.Collection(step.coll).DeleteMany(ctx, step.filter); err != nil {
			return fmt.Errorf("sweep test account's %s again: %w", step.coll, err)
		}
	}
	return nil
}
