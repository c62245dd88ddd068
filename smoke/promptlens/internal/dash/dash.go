// Package dash drives the PromptLens dashboard in a browser tab the way a
// user does: sign in through the identity provider's page, connect the
// extension. The selectors are the dashboard's; the tab comes from the
// harness. Client calls its routes directly.
package dash

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/smokegate/smokegate/harness"
	"github.com/smokegate/smokegate/harness/api"
	"github.com/smokegate/smokegate/harness/browser"
	"github.com/smokegate/smokegate/harness/wait"
)

// Selectors of the dashboard and of the sandbox identity provider's page.
const (
	SignInButton  = "#signin-google"
	PlanLabel     = "#plan"
	UsageLabel    = "#usage"
	EmailField    = "#identifierId"
	NextButton    = "#identifierNext"
	OAuthError    = "#oauth-error"
	ConnectStatus = "#connect-status"
)

// Client returns a client of the dashboard (SMOKE_DASHBOARD_URL) for the
// test.
func Client(s *harness.S) *api.Client {
	return harness.Client(s, api.Options{BaseURL: s.Config().Get("SMOKE_DASHBOARD_URL"), Name: "dashboard", Variable: "SMOKE_DASHBOARD_URL"})
}

// OpenSignIn loads the dashboard signed out and clicks "Sign in with
// Google"; it returns the authorization request URL the browser landed on.
func OpenSignIn(ctx context.Context, dashboardURL string) (*url.URL, error) {
	if err := chromedp.Do(ctx,
		chromedp.Navigate(dashboardURL+"/"),
		chromedp.WaitVisible(chromedp.CSS(SignInButton)),
		chromedp.Click(chromedp.CSS(SignInButton)),
	); err != nil {
		return nil, fmt.Errorf("click Sign in with Google on %s: %w", dashboardURL, err)
	}
	loc, err := awaitLocation(ctx, func(u *url.URL) bool { return !strings.HasPrefix(u.String(), dashboardURL) })
	if err != nil {
		return nil, fmt.Errorf("the sign-in button did not lead to the identity provider: %w", err)
	}
	return loc, nil
}

// Waits for the browser leave room for a starved runner: they are not the
// product's limits (a test checks those on the target's own timing), only
// the point where the gate stops waiting.
const (
	landingTimeout = 30 * time.Second // the dashboard after the provider
	connectTimeout = 15 * time.Second // the connect page's answer
)

// ChooseAccount fills the provider's account chooser with email and waits
// to land back on the dashboard showing a plan. A page that shows an error
// instead ends the wait at once, with the error's text.
func ChooseAccount(ctx context.Context, email string) error {
	err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(EmailField)))
	if err == nil {
		err = browser.Type(ctx, EmailField, email)
	}
	if err == nil {
		err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(NextButton)))
	}
	if err != nil {
		return fmt.Errorf("choose the account %s on the identity provider's page: %w", email, err)
	}
	wait, cancel := context.WithTimeout(ctx, landingTimeout)
	defer cancel()
	outcome, err := browser.Await(wait, `(() => {
		if (document.querySelector("`+PlanLabel+`")) return "ok";
		const e = document.querySelector("#error, #auth-error, `+OAuthError+`");
		return e && e.textContent.trim() ? e.textContent.trim() : "" })()`)
	if err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		return fmt.Errorf("after choosing %s the dashboard home showed no plan within %s (still at %s)", email, landingTimeout, loc)
	}
	if outcome != "ok" {
		return fmt.Errorf("after choosing %s the page shows an error: %q", email, outcome)
	}
	return nil
}

// SignIn signs email in from scratch.
func SignIn(ctx context.Context, dashboardURL, email string) error {
	if _, err := OpenSignIn(ctx, dashboardURL); err != nil {
		return err
	}
	return ChooseAccount(ctx, email)
}

// Text returns the visible text of the first element matching css.
func Text(ctx context.Context, css string) (string, error) {
	return chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
}

// ConnectExtension opens the dashboard's connect page, which hands the
// signed-in user's API token to the extension, and waits for its answer.
func ConnectExtension(ctx context.Context, dashboardURL, extensionID string) (string, error) {
	u := dashboardURL + "/extension/connect?extensionId=" + url.QueryEscape(extensionID)
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		return "", fmt.Errorf("open %s: %w", u, err)
	}
	wait, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	status, err := browser.Await(wait,
		`(() => { const e = document.querySelector("`+ConnectStatus+`"); return e && e.dataset.state && e.dataset.state !== "pending" ? e.textContent.trim() : "" })()`)
	if err != nil {
		return "", fmt.Errorf("the connect page gave no answer: %w", err)
	}
	return status, nil
}

// Session opens /api/auth/session in the tab, with the tab's cookies, and
// returns the JSON it shows.
func Session(ctx context.Context, dashboardURL string) (map[string]any, error) {
	if err := chromedp.Do(ctx, chromedp.Navigate(dashboardURL+"/api/auth/session")); err != nil {
		return nil, fmt.Errorf("open /api/auth/session: %w", err)
	}
	return chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`JSON.parse(document.body.innerText || "{}")`))
}

func awaitLocation(ctx context.Context, done func(*url.URL) bool) (*url.URL, error) {
	var at *url.URL
	_, err := wait.For(ctx, "the browser's location", func(ctx context.Context) (string, bool, error) {
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			return "", false, err
		}
		u, err := url.Parse(loc)
		at = u
		return loc, err == nil && done(u), err
	})
	return at, err
}
