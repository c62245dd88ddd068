package signup

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gavv/httpexpect/v2"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/primitive"

	"github.com/smokegate/smokegate/harness"
	"github.com/smokegate/smokegate/harness/browser"
	"github.com/smokegate/smokegate/smoke/promptlens/internal/dash"
	"github.com/smokegate/smokegate/smoke/promptlens/internal/store"
)

// window is the quota window a new user's dates span.
const window = 30 * 24 * time.Hour

const advice = "check the dashboard's logs, the Google OAuth client id and secret, and that NEXTAUTH_URL matches the dashboard's domain; roll back if this deploy changed sign-in"

func TestOAuthSignup(t *testing.T) {
	s := check.Start(t, harness.Advice(advice), harness.WarmBrowser(browser.Pages))
	cfg := s.Config()

	s.Step("GET /api/auth/providers lists google")
	dashboard := dash.Client(s)
	google := dashboard.Expect().GET("/api/auth/providers").Expect().
		Status(http.StatusOK).JSON().Object().Value("google").Object()
	checkProvider(s, google)
	dashboard.Expect().GET("/api/auth/csrf").Expect().Status(http.StatusOK).
		JSON().Object().Value("csrfToken").String().NotEmpty() // contract: dash.csrf (dashboard); field csrf:csrfToken (dashboard)

	email := s.Email("signup")
	store.CleanupAccount(s, email)
	tab := harness.Tab(s)
	s.Step("click Sign in with Google")
	auth, err := dash.OpenSignIn(tab, cfg.Get("SMOKE_DASHBOARD_URL"))
	if err != nil {
		s.Failf("open the identity provider's page: %v", harness.Explain(s, tab, err))
	}
	checkAuthRequest(s, auth)
	found, err := chromedp.Run(tab, chromedp.Evaluate[bool](`!!document.querySelector("`+dash.OAuthError+`") || /Error 400|redirect_uri_mismatch|invalid_client/.test(document.body.innerText)`))
	if err != nil {
		s.Failf("look for an OAuth error on the identity provider's page: %v", harness.Explain(s, tab, err))
	}
	if found {
		text, _ := chromedp.Run(tab, chromedp.Evaluate[string](`document.body.innerText.slice(0, 200)`))
		s.Failf("the identity provider shows an OAuth error: %q", strings.TrimSpace(text))
	}
	if cfg.Get("SMOKE_SIGNUP_MODE") == "redirect" {
		s.Step("redirect mode: the provider's page answered without an OAuth error; stopping before the consent")
		checkPremadeAccount(s)
		return
	}

	s.Step("sign up as the new identity %s", email)
	if err := dash.ChooseAccount(tab, email); err != nil {
		checkUserRecord(s, email) // a missing record is the root cause to report
		s.Failf("sign up: %v", harness.Explain(s, tab, err))
	}
	checkLanding(s, tab, email)
	checkUserRecord(s, email)
}

// checkProvider holds NextAuth's google provider to what the dashboard's
// configuration implies: its id, name and type, and its two routes.
func checkProvider(s *harness.S, google *httpexpect.Object) {
	base := s.Config().Get("SMOKE_DASHBOARD_URL") + "/api/auth"
	google.Value("id").IsEqual("google")                           // contract: dash.providers (dashboard); field providers:google.id (dashboard)
	google.Value("name").IsEqual("Google")                         // contract: field providers:google.name (dashboard)
	google.Value("type").IsEqual("oauth")                          // contract: field providers:google.type (dashboard)
	google.Value("signinUrl").IsEqual(base + "/signin/google")     // contract: field providers:google.signinUrl (dashboard)
	google.Value("callbackUrl").IsEqual(base + "/callback/google") // contract: field providers:google.callbackUrl (dashboard)
}

// checkAuthRequest holds the request the dashboard sent the provider to
// the configuration: a wrong NEXTAUTH_URL shows up as a wrong redirect_uri.
func checkAuthRequest(s *harness.S, auth *url.URL) {
	cfg := s.Config()
	q := auth.Query()
	s.Secret("param", q.Get("state"))
	s.Secret("param", q.Get("nonce"))
	s.Step("authorization request to %s://%s%s", auth.Scheme, auth.Host, auth.Path)
	want := map[string]string{
		"client_id":     cfg.Get("SMOKE_GOOGLE_CLIENT_ID"),
		"redirect_uri":  cfg.Get("SMOKE_DASHBOARD_URL") + "/api/auth/callback/google",
		"response_type": "code",
	}
	for k, v := range want {
		if got := q.Get(k); got != v { // contract: dash.signin (dashboard)
			s.Failf("the sign-in request's %s is %q, want %q", k, got, v)
		}
	}
	for _, scope := range []string{"openid", "email", "profile"} {
		if !strings.Contains(" "+q.Get("scope")+" ", " "+scope+" ") {
			s.Failf("the sign-in request's scope %q lacks %s", q.Get("scope"), scope)
		}
	}
	if q.Get("state") == "" {
		s.Failf("the sign-in request carries no state: it is open to login CSRF")
	}
}

// checkLanding: back on the dashboard home, on the free plan, with a
// session that knows the new user.
func checkLanding(s *harness.S, tab context.Context, email string) {
	loc, err := chromedp.Run(tab, chromedp.Location())
	if err != nil {
		s.Failf("read the page's address after sign-in: %v", harness.Explain(s, tab, err))
	}
	if u, err := url.Parse(loc); err != nil || !strings.HasPrefix(loc, s.Config().Get("SMOKE_DASHBOARD_URL")) || (u.Path != "/" && u.Path != "") {
		s.Failf("after sign-in the browser is at %s, want the dashboard home", loc)
	}
	plan, err := dash.Text(tab, dash.PlanLabel)
	if err != nil {
		s.Failf("read the dashboard's plan: %v", harness.Explain(s, tab, err))
	}
	if !strings.Contains(plan, "Free Plan") { // contract: usage.fields (dashboard); field usage:data.plan (dashboard)
		s.Failf("the dashboard shows plan %q, want \"Free Plan\"", plan)
	}
	usage, err := dash.Text(tab, dash.UsageLabel)
	if err != nil {
		s.Failf("read the dashboard's usage: %v", harness.Explain(s, tab, err))
	}
	if !noneUsed.MatchString(usage) { // contract: field usage:data.usageCount (dashboard)
		s.Failf("the dashboard shows usage %q for a new user, want a count of 0", usage)
	}
	s.Step("landed on the dashboard home showing %q, %q", plan, usage) // contract: dash.home (dashboard)
	session, err := dash.Session(tab, s.Config().Get("SMOKE_DASHBOARD_URL"))
	if err != nil {
		s.Failf("GET /api/auth/session from the page: %v", harness.Explain(s, tab, err))
	}
	checkSession(s, session, email)
}

// noneUsed finds a usage count of 0 in the dashboard's usage text.
var noneUsed = regexp.MustCompile(`(^|\D)0(\D|$)`)

// checkSession: the session names the new user (email and a name) and
// expires at an RFC 3339 time still to come.
func checkSession(s *harness.S, session map[string]any, email string) {
	user, _ := session["user"].(map[string]any)
	if user == nil || user["email"] != email { // contract: dash.session (dashboard); field session:user.email (dashboard)
		s.Failf("the session's user is %v, want one with email %s", user, email)
	}
	if name, _ := user["name"].(string); name == "" { // contract: field session:user.name (dashboard)
		s.Failf("the session's user has no name: %v", user)
	}
	exp, _ := session["expires"].(string)
	at, err := time.Parse(time.RFC3339, exp)
	if err != nil || !at.After(time.Now()) { // contract: dash.session (dashboard); field session:expires (dashboard)
		s.Failf("the session's expires is %q, want an RFC 3339 time still to come", exp)
	}
}

// checkUserRecord: the product stored the new user as free with no usage.
func checkUserRecord(s *harness.S, email string) {
	s.Step("MongoDB has the new user")
	user, found := store.FindUser(s, email)
	if !found {
		s.Failf("no user record for %s after sign-up: the sign-in did not create the user", email)
	}
	s.Check().Equal("free", user["plan"], "the new user's plan")                                         // contract: signup.user (db); field users:plan (db)
	s.Check().EqualValues(0, user["usageCount"], "the new user's usageCount")                            // contract: field users:usageCount (db)
	s.Check().Equal(email, user["email"], "the new user's email")                                        // contract: field users:email (db)
	s.Check().IsType(primitive.ObjectID{}, user["_id"], "the new user's _id (the API's tokens name it)") // contract: field users:_id (db)
	s.Check().NotEmpty(user["name"], "the new user's name (from the Google profile)")                    // contract: field users:name (db)
	checkNewUserDates(s, user)
}

// checkNewUserDates: a user made during this test was created now, and its
// quota window runs from now for 30 days.
func checkNewUserDates(s *harness.S, user bson.M) {
	now := time.Now()
	s.Check().WithinDuration(now, store.Time(user["createdAt"]), 2*time.Minute, "the new user's createdAt (want now)")                           // contract: field users:createdAt (db)
	s.Check().WithinDuration(now, store.Time(user["lastResetAt"]), 2*time.Minute, "the new user's lastResetAt (want now)")                       // contract: field users:lastResetAt (db)
	s.Check().WithinDuration(now.Add(window), store.Time(user["nextResetAt"]), 2*time.Minute, "the new user's nextResetAt (want now + 30 days)") // contract: field users:nextResetAt (db)
}

// checkPremadeAccount is redirect mode's stand-in for a fresh sign-up: the
// pre-made test account logs in and its session token works on the API.
func checkPremadeAccount(s *harness.S) {
	cfg := s.Config()
	if err := store.Open(s).Check(cfg.Get("SMOKE_TEST_EMAIL")); err != nil {
		s.GateErrorf("SMOKE_TEST_EMAIL: %v", err)
	}
	s.Step("the pre-made account %s logs in and its token works", cfg.Get("SMOKE_TEST_EMAIL"))
	token := harness.API(s).Expect().POST(cfg.Get("SMOKE_LOGIN_PATH")).
		WithJSON(map[string]string{"email": cfg.Get("SMOKE_TEST_EMAIL"), "password": cfg.Secret("SMOKE_TEST_PASSWORD").Value()}).
		Expect().Status(http.StatusOK).JSON().Object().Value("data").Object().Value("token").String().NotEmpty().Raw()
	s.Secret("login-token", token)
	harness.API(s).WithToken(token).GET("/api/usage").Expect().Status(http.StatusOK).
		JSON().Object().Value("data").Object().Value("plan").String().NotEmpty()
	dash.Client(s).Expect().GET("/api/auth/session").Expect().Status(http.StatusOK).JSON().Object().IsEmpty()
}
