package store

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/smokegate/smokegate/harness"
	"github.com/smokegate/smokegate/harness/d1"
	"github.com/smokegate/smokegate/harness/objstore"
	"github.com/smokegate/smokegate/smoke/manuscript/internal/model"
)

// Account is a test account a check made through the API.
type Account struct {
	Email, Password, ID string
}

// Open returns the platform's D1 database for the test (SMOKE_CF_*,
// SMOKE_D1_DATABASE_ID), through Cloudflare's API. Options missing are a
// gate error.
func Open(s *harness.S) *model.DB {
	db, err := model.FromConfig(s.Config())
	if err != nil {
		s.GateErrorf("%v", err)
	}
	return db
}

// Bucket returns a reader of the backups bucket (SMOKE_R2_*), an
// S3-compatible one. Options missing are a gate error.
func Bucket(s *harness.S) *objstore.Client {
	cfg := s.Config()
	if err := cfg.Require("SMOKE_R2_ENDPOINT", "SMOKE_R2_ACCESS_KEY_ID", "SMOKE_R2_SECRET_ACCESS_KEY", "SMOKE_R2_BUCKET"); err != nil {
		s.GateErrorf("%v", err)
	}
	c, err := objstore.New(objstore.Options{Endpoint: cfg.Get("SMOKE_R2_ENDPOINT"), AccessKey: cfg.Get("SMOKE_R2_ACCESS_KEY_ID"),
		SecretKey: cfg.Secret("SMOKE_R2_SECRET_ACCESS_KEY"), Bucket: cfg.Get("SMOKE_R2_BUCKET"), Timeout: cfg.RequestTimeout, TLS: cfg.TLS()})
	if err != nil {
		s.GateErrorf("%v", err)
	}
	return c
}

// NewAccount registers a run-tagged test account through POST
// /auth/register, marks it verified and registers its removal (with its
// rows) when the test ends, pass or fail.
func NewAccount(s *harness.S, db *model.DB, tag, password string) *Account {
	email := s.Email(tag)
	if err := (d1.Guard{Pattern: s.Config().AccountPattern}).Check(email); err != nil {
		s.GateErrorf("create test account: %v", err)
	}
	s.Step("POST /auth/register %s", email)
	s.Cleanup("user "+email+" with its rows", func(ctx context.Context) error { return db.DeleteAccount(ctx, email) }, harness.Settled)
	user := harness.API(s).Expect().POST("/auth/register").WithJSON(map[string]string{"email": email, "password": password}).
		Expect().Status(http.StatusCreated).JSON().Object().Value("user").Object()
	id := user.Value("id").String().NotEmpty().Raw()
	if err := db.MarkVerified(s.Ctx(), email); err != nil {
		s.GateErrorf("mark %s verified: %v", email, Own(err))
	}
	return &Account{Email: email, Password: password, ID: id}
}

// Own marks err, met in the test's own reads and writes of D1 or the
// bucket, as the gate's (harness.Own).
func Own(err error) error {
	return harness.Own(err, "the test's own access to the database or bucket failed, not the product: check SMOKE_CF_API_URL, SMOKE_CF_ACCOUNT_ID, SMOKE_CF_API_TOKEN, SMOKE_D1_DATABASE_ID or SMOKE_R2_*, and the machine's network access")
}

// Login signs an account in and returns its token.
func Login(s *harness.S, email, password string) string {
	return harness.API(s).Expect().POST("/auth/login").WithJSON(map[string]string{"email": email, "password": password}).
		Expect().Status(http.StatusOK).JSON().Object().Value("token").String().NotEmpty().Raw()
}

// RemoveEvents removes, when the test ends, the Worker's records of the
// Stripe events the test sent (their ids carry the run id), once more a
// moment later when the test was cut short: an event in flight may still
// be recorded.
func RemoveEvents(s *harness.S, db *model.DB, ids ...string) {
	s.Cleanup(fmt.Sprintf("%s rows %s", model.EventsTable, strings.Join(ids, ", ")), func(ctx context.Context) error {
		_, err := db.DeleteEvents(ctx, ids)
		return err
	}, harness.Settled)
}
