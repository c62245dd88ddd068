package harness

import (
	"context"
	"fmt"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"github.com/smokegate/smokegate/harness/mongo"
	"github.com/smokegate/smokegate/harness/wait"
)

var dbOnce struct {
	sync.Once
	db  *mongo.DB
	err error
}

// DB returns the guarded MongoDB client, connected once per test binary.
// A connection failure is a gate error: the suite cannot check the data.
func (s *S) DB() *mongo.DB {
	s.t.Helper()
	db, err := s.run.database()
	if err != nil {
		s.GateErrorf("%v", err)
	}
	return db
}

// database connects once per test binary; cleanups use it directly, since
// a cleanup must not end the test (GateErrorf) but say what it left.
func (r *run) database() (*mongo.DB, error) {
	dbOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		cfg := r.cfg
		dbOnce.db, dbOnce.err = mongo.Connect(ctx, cfg.MongoURI.Value(), cfg.MongoDB, cfg.AccountPattern)
		if dbOnce.err == nil {
			r.shared.add(func() {
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				_ = dbOnce.db.Close(ctx)
			})
		}
	})
	return dbOnce.db, dbOnce.err
}

// DBError ends the test as a gate error when err, from the test's own
// read or write of the database, is not nil: the gate could not check the
// data, which says nothing about the product.
func (s *S) DBError(err error, format string, args ...any) {
	s.t.Helper()
	if err != nil {
		s.End(FromDatabase, err, format, args...)
	}
}

// FindUser reads the user with this email; found is false when there is
// none. A read that fails is a gate error.
func (s *S) FindUser(email string) (user bson.M, found bool) {
	s.t.Helper()
	user, found, err := s.DB().User(s.ctx, email)
	s.DBError(err, "read the user record of %s", email)
	return user, found
}

// User reads a user the product must have: a read that fails is a gate
// error, a record that is missing a product failure.
func (s *S) User(email string) bson.M {
	s.t.Helper()
	user, found := s.FindUser(email)
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
func (s *S) AwaitUser(ctx context.Context, email, field string, want any, why string) bson.M {
	s.t.Helper()
	seen, err := wait.For(ctx, fmt.Sprintf("%s of %s to become %v", field, email, want), func(ctx context.Context) (fieldView, bool, error) {
		u, _, err := s.DB().User(ctx, email)
		return fieldView{u, field}, err == nil && u[field] == want, err
	})
	if err != nil {
		s.End(FromDatabase, err, "%s", why)
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
