package model

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/primitive"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// ErrNotTestAccount is returned for a write to an account the suite does
// not own.
var ErrNotTestAccount = errors.New("refused: not one of the suite's test accounts")

// DB is PromptLens's database, guarded: every write names a test account.
type DB struct {
	db      *mongo.Database
	allowed *regexp.Regexp
}

// New guards db: writes go only to accounts whose email matches allowed.
func New(db *mongo.Database, allowed *regexp.Regexp) (*DB, error) {
	if allowed == nil {
		return nil, errors.New("open PromptLens's database: no test account pattern (SMOKE_TEST_ACCOUNT_PATTERN)")
	}
	return &DB{db: db, allowed: allowed}, nil
}

// Check returns ErrNotTestAccount unless email is a test account's.
func (d *DB) Check(email string) error {
	if !d.allowed.MatchString(email) {
		return fmt.Errorf("%w: %q does not match %s", ErrNotTestAccount, email, d.allowed)
	}
	return nil
}

// User reads the user with this email; ok is false when there is none.
func (d *DB) User(ctx context.Context, email string) (user bson.M, ok bool, err error) {
	err = d.db.Collection("users").FindOne(ctx, bson.M{"email": email}).Decode(&user)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read user: %w", err)
	}
	return user, true, nil
}

// CreateUser inserts a test account as the product would on first sign-in
// and returns its id.
func (d *DB) CreateUser(ctx context.Context, email string, now time.Time, extra bson.M) (primitive.ObjectID, error) {
	if err := d.Check(email); err != nil {
		return primitive.NilObjectID, err
	}
	if err := checkExtra(extra); err != nil {
		return primitive.NilObjectID, err
	}
	doc := bson.M{"email": email, "name": "Smoke Test", "plan": "free", "usageCount": 0,
		"lastResetAt": now, "nextResetAt": now.AddDate(0, 0, 30), "createdAt": now}
	for k, v := range extra {
		doc[k] = v
	}
	res, err := d.db.Collection("users").InsertOne(ctx, doc)
	if err != nil {
		return primitive.NilObjectID, fmt.Errorf("create test user: %w", err)
	}
	return res.InsertedID.(primitive.ObjectID), nil
}

// UpdateUser applies update to the test account with this email. An
// update that touches email or _id is refused: the account stays a test
// account.
func (d *DB) UpdateUser(ctx context.Context, email string, update bson.M) error {
	if err := d.Check(email); err != nil {
		return err
	}
	if err := checkUpdate(update); err != nil {
		return err
	}
	res, err := d.db.Collection("users").UpdateOne(ctx, bson.M{"email": email}, update)
	if err != nil {
		return fmt.Errorf("update test user: %w", err)
	}
	if res.MatchedCount == 0 {
		return fmt.Errorf("update test user: no user %s", email)
	}
	return nil
}

// DeleteAccount removes a test account and everything it owns: prompts,
// reset tokens, then the user (see deletePlan). A missing account is not
// an error.
func (d *DB) DeleteAccount(ctx context.Context, email string) error {
	_, err := d.RemoveAccount(ctx, email)
	return err
}

// Prompts returns the prompts stored for a user id, newest first.
func (d *DB) Prompts(ctx context.Context, userID any) ([]bson.M, error) {
	cur, err := d.db.Collection("prompts").Find(ctx, bson.M{"userId": bson.M{"$in": bson.A{userID, idString(userID)}}},
		options.Find().SetSort(bson.D{{Key: "createdAt", Value: -1}}))
	if err != nil {
		return nil, fmt.Errorf("read prompts: %w", err)
	}
	var out []bson.M
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("read prompts: %w", err)
	}
	return out, nil
}

func idString(id any) any {
	if oid, ok := id.(primitive.ObjectID); ok {
		return oid.Hex()
	}
	return id
}

// InsertPrompts stores prompts for the test account with this email (their
// userId is set to the account's id), as the product would have saved them.
func (d *DB) InsertPrompts(ctx context.Context, email string, prompts []bson.M) error {
	if err := d.Check(email); err != nil {
		return err
	}
	user, ok, err := d.User(ctx, email)
	if err != nil || !ok {
		return fmt.Errorf("insert prompts: no test user %s (%v)", email, err)
	}
	docs := make([]any, len(prompts))
	for i, p := range prompts {
		p["userId"] = user["_id"]
		docs[i] = p
	}
	if _, err := d.db.Collection("prompts").InsertMany(ctx, docs); err != nil {
		return fmt.Errorf("insert prompts: %w", err)
	}
	return nil
}
