package passwordreset

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"go.mongodb.org/mongo-driver/bson"
	"golang.org/x/crypto/bcrypt"

	"github.com/smokegate/smokegate/harness"
	"github.com/smokegate/smokegate/harness/dash"
	"github.com/smokegate/smokegate/harness/mail"
)

const (
	advice   = "check the API's logs for the reset route, the mail provider's settings and DNS, and the reset token store; roll back if this deploy changed them"
	mailWait = 10 * time.Second
)

var tokenParam = regexp.MustCompile(`token=[A-Za-z0-9_%\-.=]+`)

var resetLink = regexp.MustCompile(`https?://[^\s"'<>]+/reset-password\?token=[A-Za-z0-9_%\-.=]+`)

func TestPasswordReset(t *testing.T) {
	s := harness.Start(t, harness.Budget(20*time.Second), harness.Advice(advice), harness.WarmBrowser())
	cfg := s.Config()
	oldPass, newPass := "old-"+s.RunID()+"-Pw1", "new-"+s.RunID()+"-Pw2"
	hash, err := bcrypt.GenerateFromPassword([]byte(oldPass), bcrypt.MinCost)
	if err != nil {
		s.GateErrorf("hash the test password: %v", err)
	}
	acct := s.NewAccount("reset", bson.M{"passwordHash": string(hash)})
	box := mail.New(cfg.MailpitURL)

	s.Step("POST %s", cfg.ResetRequestPath)
	s.API().Expect().POST(cfg.ResetRequestPath).WithJSON(map[string]string{"email": acct.Email}).Expect().Status(http.StatusOK)
	link := awaitLink(s, box, acct.Email)
	token := setPassword(s, link, newPass)

	s.Step("the new password logs in; the old one and the used link are refused")
	s.API().Expect().POST(cfg.LoginPath).WithJSON(map[string]string{"email": acct.Email, "password": newPass}).
		Expect().Status(http.StatusOK).JSON().Object().Value("data").Object().Value("token").String().NotEmpty()
	s.API().Expect().POST(cfg.LoginPath).WithJSON(map[string]string{"email": acct.Email, "password": oldPass}).
		Expect().Status(http.StatusUnauthorized)
	s.API().Expect().POST(cfg.ResetPath).WithJSON(map[string]string{"token": token, "password": "again-" + newPass}).
		Expect().Status(http.StatusBadRequest)
}

// awaitLink waits for the reset mail and returns its link; the mail is
// deleted when the test ends.
func awaitLink(s *harness.S, box *mail.Box, to string) string {
	ctx, cancel := context.WithTimeout(s.Ctx(), mailWait)
	defer cancel()
	msg, err := box.Await(ctx, to)
	if err != nil {
		s.Failf("no reset mail for %s within %s: %v", to, mailWait, err)
	}
	s.Evidence("reset-mail.txt", []byte(tokenParam.ReplaceAllString(msg.Subject+"\n\n"+msg.Text, "token=[redacted]")))
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		_ = box.Delete(ctx, msg.ID)
	}()
	link := resetLink.FindString(msg.Text + " " + msg.HTML)
	if link == "" {
		s.Failf("the reset mail %q has no reset-password link", msg.Subject)
	}
	s.Step("reset mail %q arrived", msg.Subject)
	return link
}

// setPassword follows the link in Chromium and sets the new password; it
// returns the link's token.
func setPassword(s *harness.S, link, password string) string {
	s.Step("follow the link and set a new password")
	tab := s.Tab()
	if err := chromedp.Do(tab, chromedp.Navigate(link),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.SendKeys(chromedp.CSS("#password-confirm"), password),
		chromedp.Click(chromedp.CSS("#reset-submit")),
	); err != nil {
		s.Failf("fill the reset page: %v", err)
	}
	wait, cancel := context.WithTimeout(tab, 5*time.Second)
	defer cancel()
	status, err := dash.Await(wait, `(() => { const e = document.querySelector("#reset-status"); return e && e.dataset.state && e.dataset.state !== "pending" ? e.textContent.trim() : "" })()`)
	if err != nil || status != "Password changed" {
		s.Failf("the reset page says %q, want \"Password changed\"%s", status, errSuffix(err))
	}
	u, err := url.Parse(link)
	if err != nil {
		s.Failf("the reset link %q does not parse", link)
	}
	return u.Query().Get("token")
}

func errSuffix(err error) string {
	if err == nil {
		return ""
	}
	return " (" + err.Error() + ")"
}
