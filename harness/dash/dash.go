// Package dash drives the PromptLens dashboard in a browser tab the way a
// user does: sign in through the identity provider's page, connect the
// extension. The selectors are the dashboard's; the tab comes from the
// harness.
package dash

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// Selectors of the dashboard and of the sandbox identity provider's page.
const (
	SignInButton  = "#signin-google"
	PlanLabel     = "#plan"
	EmailField    = "#identifierId"
	NextButton    = "#identifierNext"
	OAuthError    = "#oauth-error"
	ConnectStatus = "#connect-status"
)

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

// ChooseAccount fills the provider's account chooser with email and waits
// to land back on the dashboard showing a plan.
func ChooseAccount(ctx context.Context, email string) error {
	if err := chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS(EmailField)),
		chromedp.SendKeys(chromedp.CSS(EmailField), email),
		chromedp.Click(chromedp.CSS(NextButton)),
		chromedp.WaitVisible(chromedp.CSS(PlanLabel)),
	); err != nil {
		return fmt.Errorf("sign in as %s and land on the dashboard home: %w", email, err)
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
	status, err := chromedp.Run(ctx, chromedp.Poll[string](
		`(() => { const e = document.querySelector("`+ConnectStatus+`"); return e && e.dataset.state && e.dataset.state !== "pending" ? e.textContent.trim() : null })()`,
		chromedp.WithPollingTimeout(5*time.Second)))
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
	for {
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err == nil {
			if u, perr := url.Parse(loc); perr == nil && done(u) {
				return u, nil
			}
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("still at %s: %w", loc, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}
