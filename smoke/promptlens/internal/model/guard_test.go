package model

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"
)

// The guard refuses before any database call: d has no client, so a write
// that got past the guard would panic.
func TestGuardRefusesOtherAccounts(t *testing.T) {
	d := &DB{allowed: regexp.MustCompile(`^smoke\+[a-z0-9-]+@smokegate\.test$`)}
	ctx := context.Background()
	for _, email := range []string{"ceo@promptlens.app", "smoke+run1@smokegate.test.evil.com", "SMOKE+x@smokegate.test", ""} {
		t.Run(email, func(t *testing.T) {
			writes := map[string]error{
				"update": d.UpdateUser(ctx, email, bson.M{"$set": bson.M{"plan": "pro"}}),
				"delete": d.DeleteAccount(ctx, email),
			}
			_, err := d.CreateUser(ctx, email, time.Now(), nil)
			writes["create"] = err
			for op, err := range writes {
				if !errors.Is(err, ErrNotTestAccount) {
					t.Errorf("%s %q: err = %v, want ErrNotTestAccount", op, email, err)
				}
			}
		})
	}
	if err := d.Check("smoke+r1abc-quota@smokegate.test"); err != nil {
		t.Errorf("a test account was refused: %v", err)
	}
}

// A test account's writes cannot change whose account it is. As above, d
// has no client: a write that got past the guard would panic.
func TestGuardKeepsIdentity(t *testing.T) {
	d := &DB{allowed: regexp.MustCompile(`^smoke\+[a-z0-9-]+@smokegate\.test$`)}
	ctx := context.Background()
	const own = "smoke+r1-x@smokegate.test"
	tests := []struct {
		name  string
		write func() error
	}{
		{"create with extra email", func() error {
			_, err := d.CreateUser(ctx, own, time.Now(), bson.M{"email": "ceo@promptlens.app"})
			return err
		}},
		{"create with extra _id", func() error {
			_, err := d.CreateUser(ctx, own, time.Now(), bson.M{"_id": "admin"})
			return err
		}},
		{"$set email", func() error {
			return d.UpdateUser(ctx, own, bson.M{"$set": bson.M{"plan": "pro", "email": "ceo@promptlens.app"}})
		}},
		{"$set email as bson.D", func() error {
			return d.UpdateUser(ctx, own, bson.M{"$set": bson.D{{Key: "email", Value: "ceo@promptlens.app"}}})
		}},
		{"$set another test email", func() error {
			return d.UpdateUser(ctx, own, bson.M{"$set": bson.M{"email": "smoke+r1-y@smokegate.test"}})
		}},
		{"$setOnInsert email", func() error {
			return d.UpdateUser(ctx, own, bson.M{"$setOnInsert": bson.M{"email": "ceo@promptlens.app"}})
		}},
		{"$unset email", func() error { return d.UpdateUser(ctx, own, bson.M{"$unset": bson.M{"email": ""}}) }},
		{"$rename to email", func() error { return d.UpdateUser(ctx, own, bson.M{"$rename": bson.M{"name": "email"}}) }},
		{"$rename from email", func() error { return d.UpdateUser(ctx, own, bson.M{"$rename": bson.M{"email": "old"}}) }},
		{"$set a field of email", func() error { return d.UpdateUser(ctx, own, bson.M{"$set": bson.M{"email.x": 1}}) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.write(); !errors.Is(err, ErrIdentityField) {
				t.Errorf("err = %v, want ErrIdentityField", err)
			}
		})
	}
	t.Run("replacement document", func(t *testing.T) {
		err := d.UpdateUser(ctx, own, bson.M{"email": "ceo@promptlens.app", "plan": "pro"})
		if err == nil || !strings.Contains(err.Error(), "not an update operator") {
			t.Errorf("err = %v, want a refused replacement", err)
		}
	})
	for _, ok := range []bson.M{{"$set": bson.M{"plan": "free"}}, {"$inc": bson.M{"usageCount": 1}}, {"$set": bson.M{"emailVerified": true}}} {
		if err := checkUpdate(ok); err != nil {
			t.Errorf("checkUpdate(%v) = %v, want nil", ok, err)
		}
	}
	if err := checkExtra(bson.M{"usageCount": 7, "passwordHash": "x"}); err != nil {
		t.Errorf("ordinary extra fields refused: %v", err)
	}
}

// An account's data goes children first, in the same order every time,
// the user last.
func TestDeletePlanOrder(t *testing.T) {
	want := []string{"prompts", "passwordResetTokens", "users"}
	for range 20 { // a map would change its order between runs
		var got []string
		for _, step := range deletePlan("id1") {
			got = append(got, step.coll)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("delete order = %v, want %v", got, want)
		}
	}
}
