package harness

import (
	"time"

	"github.com/golang-jwt/jwt/v5"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/primitive"
)

// Account is a test account this run made. It is removed when the test
// ends, pass or fail.
type Account struct {
	Email string
	ID    primitive.ObjectID
	Token string // an API token minted with SMOKE_JWT_SECRET
}

// NewAccount creates a test account for tag (its email carries the run id)
// with the product's defaults for a new user, overridden by fields, and
// registers its removal.
func (s *S) NewAccount(tag string, fields bson.M) *Account {
	s.t.Helper()
	email := s.Email(tag)
	db := s.DB()
	id, err := db.CreateUser(s.ctx, email, time.Now().UTC(), fields)
	if err != nil {
		s.GateErrorf("create test account %s: %v", email, err)
	}
	s.CleanupAccount(email)
	a := &Account{Email: email, ID: id}
	a.Token = s.MintToken(id, email)
	s.Step("test account %s created", email)
	return a
}

// MintToken signs an API token for a test account, as the API does at
// sign-in (HS256, sub, email, exp).
func (s *S) MintToken(id primitive.ObjectID, email string) string {
	s.t.Helper()
	if err := s.DB().Check(email); err != nil {
		s.GateErrorf("mint a token: %v", err)
	}
	now := time.Now()
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"sub": id.Hex(), "email": email, "iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
	}).SignedString([]byte(s.run.cfg.JWTSecret.Value()))
	if err != nil {
		s.GateErrorf("mint a token: %v", err)
	}
	return s.Secret("jwt", tok)
}

// Within reports whether got is within tol of want.
func Within(got, want time.Time, tol time.Duration) bool {
	d := got.Sub(want)
	return d <= tol && d >= -tol
}

// Time reads a date stored in MongoDB (a BSON date, or a time.Time); the
// zero time when v is neither, which a time assertion then shows.
func Time(v any) time.Time {
	switch t := v.(type) {
	case primitive.DateTime:
		return t.Time()
	case time.Time:
		return t
	}
	return time.Time{}
}

// Int reads a number stored in MongoDB, whichever integer or float type
// the driver decoded it as.
func Int(v any) (int64, bool) {
	switch n := v.(type) {
	case int32:
		return int64(n), true
	case int64:
		return n, true
	case float64:
		return int64(n), n == float64(int64(n))
	}
	return 0, false
}
