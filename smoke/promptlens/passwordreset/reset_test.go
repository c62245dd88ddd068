package passwordreset

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"go.mongodb.org/mongo-driver/bson"
	"golang.org/x/crypto/bcrypt"

	"github.com/smokegate/smokegate/harness"
	"github.com/smokegate/smokegate/harness/browser"
	"github.com/smokegate/smokegate/smoke/promptlens/internal/answer"
	"github.com/smokegate/smokegate/smoke/promptlens/internal/store"
)

const (
	advice   = "check the API's logs for the reset route, the mail provider's settings and DNS, and the reset token store; roll back if this deploy changed them"
	pageWait = 15 * time.Second // the reset page's answer
)

var resetLink = regexp.MustCompile(`https?://[^\s"'<>]+/reset-password\?token=[A-Za-z0-9_%\-.=]+`)

func TestPasswordReset(t *testing.T) {
	s := check.Start(t, harness.Advice(advice), harness.WarmBrowser(browser.Pages))
	cfg := s.Config()
	oldPass := s.Secret("password", "old-"+cfg.RunID+"-Pw1")
	newPass := s.Secret("password", "new-"+cfg.RunID+"-Pw2")
	hash, err := bcrypt.GenerateFromPassword([]byte(oldPass), bcrypt.MinCost)
	if err != nil {
		s.GateErrorf("hash the test password: %v", err)
	}
	acct := store.NewAccount(s, "reset", bson.M{"passwordHash": string(hash)})

	s.Step("POST %s", cfg.Get("SMOKE_RESET_REQUEST_PATH"))
	requested := time.Now()
	answer.Data(harness.API(s).Expect().POST(cfg.Get("SMOKE_RESET_REQUEST_PATH")).WithJSON(map[string]string{"email": acct.Email}).Expect().Status(http.StatusOK)) // contract: field reset.request:success (api)
	link, token := harness.AwaitLink(s, harness.LinkMail{What: "reset mail", To: acct.Email, Link: resetLink, Sent: requested,
		Limit: "reset.mail"}) // contract: reset.mail (mail)
	checkStoredToken(s, acct, token, requested)
	setPassword(s, link, newPass)

	s.Step("the new password logs in; the old one and the used link are refused")
	login := answer.Data(harness.API(s).Expect().POST(cfg.Get("SMOKE_LOGIN_PATH")).WithJSON(map[string]string{"email": acct.Email, "password": newPass}).
		Expect().Status(http.StatusOK)) // contract: field login:success (api)
	login.Value("token").String().NotEmpty() // contract: login (api); field login:data.token (api)
	answer.Failed(harness.API(s).Expect().POST(cfg.Get("SMOKE_LOGIN_PATH")).WithJSON(map[string]string{"email": acct.Email, "password": oldPass}).
		Expect().Status(http.StatusUnauthorized)) // contract: field login.wrong:success,error.code,error.message (api)
	answer.Failed(harness.API(s).Expect().POST(cfg.Get("SMOKE_RESET_PATH")).WithJSON(map[string]string{"token": token, "password": "again-" + newPass}).
		Expect().Status(http.StatusBadRequest)) // contract: reset.single-use (api); field reset.refused:success,error.code,error.message (api)
	checkNoEnumeration(s)
}

// checkNoEnumeration: a reset request for an address with no account is
// answered as any other, and an unknown token is refused.
func checkNoEnumeration(s *harness.S) {
	cfg := s.Config()
	s.Step("an address with no account gets the same 200; an unknown token gets 400")
	answer.Data(harness.API(s).Expect().POST(cfg.Get("SMOKE_RESET_REQUEST_PATH")).WithJSON(map[string]string{"email": s.Email("nobody")}).
		Expect().Status(http.StatusOK)) // contract: reset.request (api); field reset.request:success (api)
	answer.Failed(harness.API(s).Expect().POST(cfg.Get("SMOKE_RESET_PATH")).WithJSON(map[string]string{"token": "unknown-" + cfg.RunID, "password": "x-" + cfg.RunID + "-Pw3"}).
		Expect().Status(http.StatusBadRequest)) // contract: reset.single-use (api); field reset.refused:success,error.code,error.message (api)
}

// checkStoredToken: the product keeps the link's token hashed (no record
// holds it as written) and lets it live about an hour.
func checkStoredToken(s *harness.S, acct *store.Account, token string, requested time.Time) {
	records, err := store.Open(s).ResetTokens(s.Ctx(), acct.ID)
	if err != nil {
		s.GateErrorf("read the account's password reset tokens: %v", store.Own(err))
	}
	if len(records) != 1 { // contract: field passwordResetTokens:userId (db)
		s.Failf("password reset token records for the account after one request: %d, want 1", len(records))
	}
	s.Check().NotEmpty(records[0]["tokenHash"], "passwordResetTokens.tokenHash")             // contract: field passwordResetTokens:tokenHash (db)
	s.Check().Nil(records[0]["usedAt"], "passwordResetTokens.usedAt of a link not yet used") // contract: field passwordResetTokens:usedAt (db)
	for field, v := range records[0] {
		if fmt.Sprint(v) == token { // no testify here: its message would quote the token
			s.Failf("passwordResetTokens.%s holds the link's token as written: it must be stored hashed", field) // contract: reset.hashed (db)
		}
	}
	expires := store.Time(records[0]["expiresAt"])
	s.Check().WithinDuration(requested.Add(time.Hour), expires, 5*time.Minute, "the reset token's expiresAt (want about an hour after the request)") // contract: reset.expiry (db); field passwordResetTokens:expiresAt (db)
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
	wait, cancel := context.WithTimeout(tab, pageWait)
	defer cancel()
	status, err := browser.Await(wait, `(() => { const e = document.querySelector("#reset-status"); return e && e.dataset.state && e.dataset.state !== "pending" ? e.textContent.trim() : "" })()`)
	if err != nil {
		s.Failf("the reset page gave no answer within %s: %v", pageWait, harness.Explain(s, tab, err))
	}
	if status != "Password changed" { // contract: reset.form (dashboard)
		s.Failf("the reset page says %q, want \"Password changed\"", status)
	}
}
