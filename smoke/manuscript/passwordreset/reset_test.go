package passwordreset

import (
	"context"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/smokegate/smokegate/harness"
	"github.com/smokegate/smokegate/harness/browser"
	"github.com/smokegate/smokegate/smoke/manuscript/internal/model"
	"github.com/smokegate/smokegate/smoke/manuscript/internal/store"
)

const (
	advice   = "check the Worker's logs for /auth/password-reset-request, the MailChannels settings and the mail domain's DNS (SPF, DKIM); roll back if this deploy changed them"
	pageWait = 10 * time.Second // the reset page's answer
	tokenTTL = time.Hour        // the contract: a reset link works for an hour
)

var resetLink = regexp.MustCompile(`https?://[^\s"'<>]+/reset-password\?token=[A-Za-z0-9_%\-.=]+`)

func TestPasswordReset(t *testing.T) {
	s := check.Start(t, harness.Advice(advice), harness.WarmBrowser(browser.Pages))
	db := store.Open(s)
	oldPass, newPass := s.Secret("password", "old-"+s.Config().RunID+"-Pw1"), s.Secret("password", "new-"+s.Config().RunID+"-Pw2")
	acct := store.NewAccount(s, db, "reset", oldPass)

	s.Step("POST /auth/password-reset-request")
	requested := time.Now()
	harness.API(s).Expect().POST("/auth/password-reset-request").WithJSON(map[string]string{"email": acct.Email}).
		Expect().Status(http.StatusOK) // contract: reset.request (api)
	link, token := harness.AwaitLink(s, harness.LinkMail{What: "reset mail", To: acct.Email, Link: resetLink, Sent: requested}) // contract: reset.mail (mail)
	checkStoredToken(s, db, acct, token, requested)
	setPassword(s, link, newPass)

	s.Step("the new password logs in; the old one and the used link are refused")
	store.Login(s, acct.Email, newPass)
	harness.API(s).Expect().POST("/auth/login").WithJSON(map[string]string{"email": acct.Email, "password": oldPass}).
		Expect().Status(http.StatusUnauthorized)
	harness.API(s).Expect().POST("/auth/password-reset").WithJSON(map[string]string{"token": token, "password": "again-" + newPass}).
		Expect().Status(http.StatusBadRequest) // contract: reset.refused (api)
}

// checkStoredToken: one password_reset row, holding a hash of the token
// (never the token as mailed), unused, expiring about an hour after the
// request.
func checkStoredToken(s *harness.S, db *model.DB, acct *store.Account, token string, requested time.Time) {
	s.Step("verification_tokens holds the token hashed")
	rows, err := db.ResetTokens(s.Ctx(), acct.ID)
	if err != nil {
		s.GateErrorf("read the account's verification_tokens: %v", store.Own(err))
	}
	if len(rows) != 1 { // contract: field verification_tokens:user_id (db)
		s.Failf("verification_tokens rows of type password_reset after one request: %d, want 1", len(rows))
	}
	row := rows[0]
	s.Check().Equal("password_reset", row.String("token_type"), "verification_tokens.token_type") // contract: field verification_tokens:token_type (db)
	hash := row.String("token_hash")
	if hash == "" {
		s.Failf("verification_tokens.token_hash is empty")
	}
	if hash == token { // no testify here: its message would quote the token
		s.Failf("verification_tokens.token_hash holds the mailed token as written: it must be stored hashed") // contract: reset.hashed (db); field verification_tokens:token_hash (db)
	}
	s.Check().Empty(row.String("used_at"), "verification_tokens.used_at of a link not yet used") // contract: field verification_tokens:used_at (db)
	s.Check().WithinDuration(requested.Add(tokenTTL), row.Time("expires_at"), 5*time.Minute,
		"verification_tokens.expires_at (want about an hour after the request)") // contract: field verification_tokens:expires_at (db)
	s.Check().WithinDuration(requested, row.Time("created_at"), 5*time.Minute, "verification_tokens.created_at (want the request's time)") // contract: field verification_tokens:created_at (db)
}

// setPassword follows the link in Chromium and sets the new password.
func setPassword(s *harness.S, link, password string) {
	s.Step("follow the link and set a new password")
	tab := harness.Tab(s)
	err := chromedp.Do(tab, chromedp.Navigate(link))
	for _, field := range []string{"#password", "#password-confirm"} {
		if err == nil {
			err = browser.Type(tab, field, password)
		}
	}
	if err == nil {
		err = chromedp.Do(tab, chromedp.Click(chromedp.CSS("#reset-submit")))
	}
	if err != nil {
		s.Failf("fill the reset page: %v", harness.Explain(s, tab, err))
	}
	ctx, cancel := context.WithTimeout(tab, pageWait)
	defer cancel()
	status, err := browser.Await(ctx, statusScript)
	if err != nil {
		s.Failf("the reset page gave no answer within %s: %v", pageWait, harness.Explain(s, tab, err))
	}
	if status != "Password changed" { // contract: reset.form (frontend)
		s.Failf("the reset page says %q, want \"Password changed\"", status)
	}
}

// statusScript reads the page's answer once it has one.
const statusScript = `(() => { const e = document.querySelector("#reset-status");
	return e && (e.dataset.state === "done" || e.dataset.state === "error") ? e.textContent.trim() : "" })()`
