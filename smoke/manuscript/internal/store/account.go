package store

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/smokegate/smokegate/harness"
	"github.com/smokegate/smokegate/smoke/manuscript/internal/model"
)

// Account is a test account a check made through the API.
type Account struct {
	Email, Password, ID string
}

// Open returns the platform's database for the test.
func Open(s *harness.S) *model.DB { return model.New(s.D1(), s.D1Guard()) }

// NewAccount registers a run-tagged test account through POST
// /auth/register, marks it verified and registers its removal (with its
// rows) when the test ends, pass or fail.
func NewAccount(s *harness.S, db *model.DB, tag, password string) *Account {
	email := s.Email(tag)
	if err := s.D1Guard().Check(email); err != nil {
		s.GateErrorf("create test account: %v", err)
	}
	s.Step("POST /auth/register %s", email)
	s.CleanupSettled("user "+email+" with its rows", func(ctx context.Context) error { return db.DeleteAccount(ctx, email) })
	user := s.API().Expect().POST("/auth/register").WithJSON(map[string]string{"email": email, "password": password}).
		Expect().Status(http.StatusCreated).JSON().Object().Value("user").Object()
	id := user.Value("id").String().NotEmpty().Raw()
	s.StorageError(db.MarkVerified(s.Ctx(), email), "mark %s verified", email)
	return &Account{Email: email, Password: password, ID: id}
}

// Login signs an account in and returns its token.
func Login(s *harness.S, email, password string) string {
	return s.API().Expect().POST("/auth/login").WithJSON(map[string]string{"email": email, "password": password}).
		Expect().Status(http.StatusOK).JSON().Object().Value("token").String().NotEmpty().Raw()
}

// RemoveEvents removes, when the test ends, the Worker's records of the
// Stripe events the test sent (their ids carry the run id), once more a
// moment later when the test was cut short: an event in flight may still
// be recorded.
func RemoveEvents(s *harness.S, db *model.DB, ids ...string) {
	s.CleanupSettled(fmt.Sprintf("%s rows %s", model.EventsTable, strings.Join(ids, ", ")), func(ctx context.Context) error {
		_, err := db.DeleteEvents(ctx, ids)
		return err
	})
}
