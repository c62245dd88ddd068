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

// Remover returns a removal of the test account with this email that a
// cleanup may run twice: the first run finds the account and removes it
// with what it owns (deletePlan); a later run removes again what was
// stored under the id the first one found, since a request cut short can
// still write under it after the user is gone. A missing account is not
// an error.
func (d *DB) Remover(email string) func(ctx context.Context) error {
	var id any
	return func(ctx context.Context) error {
		if err := d.Check(email); err != nil {
			return err
		}
		if id == nil {
			user, ok, err := d.User(ctx, email)
			if err != nil || !ok {
				return err
			}
			id = user["_id"]
		}
		for _, step := range deletePlan(id) {
			if _, err := d.db.Collection(step.coll).DeleteMany(ctx, step.filter); err != nil {
				return fmt.Errorf("remove test account's %s: %w", step.coll, err)
			}
		}
		return nil
	}
}
