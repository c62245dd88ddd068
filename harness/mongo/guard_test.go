package mongo

import (
	"context"
	"errors"
	"regexp"
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
