package harness

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/smokegate/smokegate/harness/config"
)

// Secret registers a value the test minted or received (a token, a reset
// link, a password it made up) with the run's registry, and returns it.
// From then on every report writer, the step log and the test's output
// show it as «redacted:kind:fingerprint». The harness registers what
// passes through it on its own (minted JWTs, the API's credentials and
// cookies, the browser's session cookies and OAuth parameters); a test
// registers what only it sees, as soon as it has it.
func (s *S) Secret(kind, value string) string {
	s.bin.secrets.Add(kind, value)
	return value
}

// secretsInURL registers the credential parameters of a URL the test
// read (a reset link, an address the browser visited).
func (s *S) secretsInURL(raw string) {
	u, err := url.Parse(raw)
	if err != nil {
		return
	}
	q := u.Query()
	for _, p := range config.SecretParams {
		for _, v := range q[p] {
			s.Secret("param", v)
		}
	}
}

// registerTabSecrets registers the tab's cookies and the credential
// parameters of every address it visited (an OAuth code and state, a
// reset token), before the tab's evidence is written. Best effort: a tab
// that no longer answers gives nothing.
func (s *S) registerTabSecrets(tab context.Context) {
	ctx, cancel := context.WithTimeout(tab, 2*time.Second)
	defer cancel()
	if c, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{}); err == nil {
		for _, c := range c.Cookies {
			if !strings.HasSuffix(c.Name, "callback-url") { // an address, not a credential
				s.Secret("cookie", c.Value)
			}
		}
	}
	if h, err := chromedp.Call(ctx, page.GetNavigationHistory, cdp.Empty{}); err == nil {
		for _, e := range h.Entries {
			s.secretsInURL(e.URL)
		}
	}
}

// redactingTB masks the run's secrets in everything a test logs through
// the harness, so the test binary's output (which the gate keeps as a
// crashed test's tail) is clean before it leaves the binary.
type redactingTB struct {
	TB
	r *binary
}

func (t redactingTB) line(args []any) string {
	return t.r.redact(strings.TrimSuffix(fmt.Sprintln(args...), "\n"))
}

func (t redactingTB) Log(args ...any) { t.TB.Helper(); t.TB.Log(t.line(args)) }
func (t redactingTB) Logf(format string, args ...any) {
	t.TB.Helper()
	t.TB.Log(t.r.redact(fmt.Sprintf(format, args...)))
}
func (t redactingTB) Error(args ...any)      { t.TB.Helper(); t.TB.Error(t.line(args)) }
func (t redactingTB) Fatal(args ...any)      { t.TB.Helper(); t.TB.Fatal(t.line(args)) }
func (t redactingTB) Skip(args ...any)       { t.TB.Helper(); t.TB.Skip(t.line(args)) }
func (t redactingTB) Attr(key, value string) { t.TB.Attr(key, t.r.redact(value)) }
