package platform

import (
	"context"
	"net/http"

	"github.com/smokegate/smokegate/harness"
)

// Account is a test account a check made through the API.
type Account struct {
	Email, Password, ID string
}

// Open returns the platform's database for the test.
func Open(s *harness.S) *DB { return New(s.D1(), s.D1Guard()) }

// NewAccount registers a run-tagged test account through POST
// /auth/register, marks it verified and registers its removal (with its
// rows) when the test ends, pass or fail.
func NewAccount(s *harness.S, db *DB, tag, password string) *Account {
	email := s.Email(tag)
	if err := s.D1Guard().Check(email); err != nil {
		s.GateErrorf("create test account: %v", err)
	}
	s.Step("POST /auth/register %s", email)
	s.Cleanup("user "+email+" with its rows", func(ctx context.Context) error { return db.DeleteAccountSettled(ctx, s, email) })
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
