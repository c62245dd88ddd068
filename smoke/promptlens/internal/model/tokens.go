package model

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"
)

// ResetTokens returns the password-reset token records stored for a user
// id, to check how the product keeps them (hashed, with an expiry).
func (d *DB) ResetTokens(ctx context.Context, userID any) ([]bson.M, error) {
	cur, err := d.db.Collection("passwordResetTokens").Find(ctx, bson.M{"userId": bson.M{"$in": bson.A{userID, idString(userID)}}})
	if err != nil {
		return nil, fmt.Errorf("read password reset tokens: %w", err)
	}
	var out []bson.M
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("read password reset tokens: %w", err)
	}
	return out, nil
}
