package store

import (
	"context"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/primitive"

	"github.com/smokegate/smokegate/harness"
	"github.com/smokegate/smokegate/harness/mongo"
	"github.com/smokegate/smokegate/harness/wait"
	"github.com/smokegate/smokegate/smoke/promptlens/internal/model"
)

// Account is a test account this run made. It is removed when the test
// ends, pass or fail.
type Account struct {
	Email string
	ID    primitive.ObjectID
	Token string // an API token minted with SMOKE_JWT_SECRET
}

// Open returns PromptLens's database for the test. A connection that
// fails is a gate error.
func Open(s *harness.S) *model.DB {
	db, err := open(s)
	if err != nil {
		s.GateErrorf("%v", err)
	}
	return db
}

// Own marks err, met in the test's own reads and writes of MongoDB, as
// the gate's (harness.Own).
func Own(err error) error {
	return harness.Own(err, "the test's own database access failed, not the product: check SMOKE_MONGODB_URI and the machine's network access to MongoDB")
}

// open is Open for a cleanup: it returns the error instead of ending the
// test. The deployment's MongoDB (SMOKE_MONGODB_URI, SMOKE_MONGODB_DB) is
// connected once per test binary and closed after its last test.
func open(s *harness.S) (*model.DB, error) {
	cfg := s.Config()
	conn, err := harness.Shared(s, "mongodb", func() (*mongo.Conn, func(), error) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		conn, err := mongo.Connect(ctx, cfg.Secret("SMOKE_MONGODB_URI").Value(), cfg.Get("SMOKE_MONGODB_DB"))
		return conn, func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = conn.Close(ctx)
		}, err
	})
	if err != nil {
		return nil, fmt.Errorf("%w (SMOKE_MONGODB_URI, SMOKE_MONGODB_DB)", err)
	}
	return model.New(conn.DB, cfg.AccountPattern)
}

// NewAccount creates a test account for tag (its email carries the run id)
// with the product's defaults for a new user, overridden by fields, and
// registers its removal.
func NewAccount(s *harness.S, tag string, fields bson.M) *Account {
	email := s.Email(tag)
	id, err := Open(s).CreateUser(s.Ctx(), email, time.Now().UTC(), fields)
	if err != nil {
		s.GateErrorf("create test account %s: %v", email, err)
	}
	CleanupAccount(s, email)
	a := &Account{Email: email, ID: id}
	a.Token = MintToken(s, id, email)
	s.Step("test account %s created", email)
	return a
}

// MintToken signs an API token for a test account, as the API does at
// sign-in (HS256, sub, email, exp), and registers it as a secret.
func MintToken(s *harness.S, id primitive.ObjectID, email string) string {
	if err := Open(s).Check(email); err != nil {
		s.GateErrorf("mint a token: %v", err)
	}
	now := time.Now()
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"sub": id.Hex(), "email": email, "iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
	}).SignedString([]byte(s.Config().Secret("SMOKE_JWT_SECRET").Value()))
	if err != nil {
		s.GateErrorf("mint a token: %v", err)
	}
	return s.Secret("jwt", tok)
}

// FindUser reads the user with this email; found is false when there is
// none. A read that fails is a gate error.
func FindUser(s *harness.S, email string) (user bson.M, found bool) {
	user, found, err := Open(s).User(s.Ctx(), email)
	if err != nil {
		s.GateErrorf("read the user record of %s: %v", email, Own(err))
	}
	return user, found
}

// User reads a user the product must have: a read that fails is a gate
// error, a record that is missing a product failure.
func User(s *harness.S, email string) bson.M {
	user, found := FindUser(s, email)
	if !found {
		s.Failf("no user record for %s in MongoDB", email)
	}
	return user
}

// AwaitUser polls the user's record until its field holds want or ctx
// ends, and returns the record. A wait whose reads failed is a gate error;
// one whose reads worked but whose value never came is a product failure
// that says why (what the product should have done) and the value seen
// last.
func AwaitUser(ctx context.Context, s *harness.S, email, field string, want any, why string) bson.M {
	db := Open(s)
	seen, err := wait.For(ctx, fmt.Sprintf("%s of %s to become %v", field, email, want), func(ctx context.Context) (fieldView, bool, error) {
		u, _, err := db.User(ctx, email)
		return fieldView{u, field}, err == nil && u[field] == want, err
	})
	if err != nil {
		s.Failf("%s: %v", why, Own(err))
	}
	return seen.user
}

// fieldView shows one field of a user record in a wait's message.
type fieldView struct {
	user  bson.M
	field string
}

func (v fieldView) String() string {
	if v.user == nil {
		return "no record"
	}
	return fmt.Sprintf("%s %v", v.field, v.user[v.field])
}
