package billing

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"go.mongodb.org/mongo-driver/bson"

	"github.com/smokegate/smokegate/harness"
	"github.com/smokegate/smokegate/harness/browser"
	"github.com/smokegate/smokegate/harness/stripe"
	"github.com/smokegate/smokegate/smoke/promptlens/internal/answer"
	"github.com/smokegate/smokegate/smoke/promptlens/internal/store"
)

const (
	checkoutAdvice = "check the API's logs for the Stripe error and its STRIPE_SECRET_KEY and Pro price; roll back if this deploy changed billing"
	advice         = "check the webhook's delivery log in Stripe, that STRIPE_WEBHOOK_SECRET matches the endpoint's signing secret, and the endpoint URL; roll back if this deploy broke the webhook"
	testCard       = "4242424242424242"
	window         = 30 * 24 * time.Hour // the quota window the upgrade starts afresh
)

func TestStripeUpgrade(t *testing.T) {
	s := check.Start(t, harness.Advice(checkoutAdvice), harness.WarmBrowser(browser.Pages))
	cfg := s.Config()
	acct := store.NewAccount(s, "billing", nil)

	s.Step("POST /api/billing/checkout")
	data := answer.Data(harness.API(s).WithToken(acct.Token).POST("/api/billing/checkout").Expect().Status(http.StatusOK)) // contract: field checkout:success (api)
	sessionID := data.Value("sessionId").String().NotEmpty().Raw()                                                         // contract: checkout.session (api); field checkout:data.sessionId (api)
	store.RemoveCheckoutEvents(s, sessionID)
	payURL := data.Value("url").String().NotEmpty().Raw() // contract: checkout.session (api); field checkout:data.url (api)
	s.Advise(advice)

	before := store.User(s, acct.Email)["lastResetAt"]
	var paidAt time.Time
	if cfg.Get("SMOKE_BILLING_MODE") == "checkout" {
		for _, v := range []string{cfg.Secret("SMOKE_STRIPE_SECRET_KEY").Value(), sessionID} {
			if err := stripe.RefuseLive(v); err != nil {
				s.GateErrorf("%v (SMOKE_STRIPE_SECRET_KEY), or set SMOKE_BILLING_MODE=signed-event", err)
			}
		}
		paidAt = pay(s, payURL)
	} else {
		s.Step("signed-event mode: post checkout.session.completed")
		paidAt = time.Now()
		id, body := stripe.CheckoutCompleted(cfg.RunID, acct.ID.Hex(), acct.Email, paidAt)
		post(s, stripe.Sign(id, body, cfg.Secret("SMOKE_STRIPE_WEBHOOK_SECRET").Value(), paidAt), http.StatusOK)
	}
	awaitPro(s, acct.Email, paidAt, before)
	checkBadSignature(s, acct)
	checkRepeatIsNoop(s, acct)
	downgrade(s, acct)
}

// pay fills the hosted page with the test card and returns when it
// submitted the payment: the webhook's time is counted from there.
func pay(s *harness.S, url string) time.Time {
	s.Step("pay on the hosted checkout page with the test card")
	tab := harness.Tab(s)
	err := chromedp.Do(tab, chromedp.Navigate(url))
	for _, f := range [][2]string{{"#cardNumber", testCard}, {"#cardExpiry", "12/34"}, {"#cardCvc", "123"}} {
		if err == nil {
			err = browser.Type(tab, f[0], f[1])
		}
	}
	if err != nil {
		s.Failf("fill the checkout page %s: %v", url, harness.Explain(s, tab, err))
	}
	paidAt := time.Now()
	if err := chromedp.Do(tab, chromedp.Click(chromedp.CSS("#submit"))); err != nil {
		s.Failf("pay on the checkout page %s: %v", url, harness.Explain(s, tab, err))
	}
	return paidAt
}

// awaitPro polls MongoDB until the webhook has upgraded the user, and
// checks the time from payment to the upgrade the API stored (the user's
// lastResetAt, which the upgrade sets) against the runbook's limit.
func awaitPro(s *harness.S, email string, paidAt time.Time, before any) {
	ctx, cancel := context.WithTimeout(s.Ctx(), 2*s.LimitOf("webhook.landing")) // room for a starved machine
	defer cancel()
	user := store.AwaitUser(ctx, s, email, "plan", "pro", "the webhook did not upgrade the user after payment") // contract: field users:plan (db)
	landed := store.Time(user["lastResetAt"])
	if landed.Equal(store.Time(before)) { // contract: field users:lastResetAt (db)
		s.Failf("the upgraded user's lastResetAt is still %v: the webhook must reset the quota dates", user["lastResetAt"])
	}
	if landed.IsZero() {
		s.Failf("the upgraded user's lastResetAt is %v, want a date", user["lastResetAt"])
	}
	s.Limit("webhook.landing", "the webhook's upgrade after payment", landed.Sub(paidAt)) // contract: webhook.time (db)
	s.Check().WithinDuration(landed.Add(window), store.Time(user["nextResetAt"]), time.Minute,
		"the upgraded user's nextResetAt (want its new lastResetAt + 30 days)") // contract: field users:nextResetAt (db)
	s.Check().NotEmpty(user["stripeSubscriptionId"], "the upgraded user's stripeSubscriptionId") // contract: webhook.upgrade (db); field users:stripeSubscriptionId (db)
	s.Check().NotEmpty(user["stripeCustomerId"], "the upgraded user's stripeCustomerId")         // contract: webhook.upgrade (db); field users:stripeCustomerId (db)
	s.Check().EqualValues(0, user["usageCount"], "the upgraded user's usageCount")               // contract: field users:usageCount (db)
	s.Step("upgraded to pro with subscription %v", user["stripeSubscriptionId"])
}

func post(s *harness.S, ev stripe.Event, want int) {
	s.Secret("stripe-signature", ev.Signature)
	store.RemoveWebhookEvents(s, ev.ID)
	resp := harness.API(s).Expect().POST(s.Config().Get("SMOKE_STRIPE_WEBHOOK_PATH")).WithHeader("Stripe-Signature", ev.Signature).
		WithHeader("Content-Type", "application/json").WithBytes(ev.Body).Expect().Status(want)
	if want == http.StatusOK {
		resp.JSON().Object().Value("received").IsEqual(true) // contract: webhook.received (api); field webhook:received (api)
	}
}

func checkBadSignature(s *harness.S, acct *store.Account) {
	s.Step("a badly signed event is refused")
	id, body := stripe.CheckoutCompleted(s.Config().RunID, acct.ID.Hex(), acct.Email, time.Now())
	post(s, stripe.Sign(id, body, "whsec_not_the_endpoints_secret", time.Now()), http.StatusBadRequest) // contract: webhook.signature (api)
}

// checkRepeatIsNoop sends one event twice; the second must change nothing
// (it would reset usageCount if it were applied again).
func checkRepeatIsNoop(s *harness.S, acct *store.Account) {
	secret := webhookSecret(s)
	s.Step("the same event twice changes nothing")
	id, body := stripe.CheckoutCompleted(s.Config().RunID, acct.ID.Hex(), acct.Email, time.Now())
	post(s, stripe.Sign(id, body, secret, time.Now()), http.StatusOK)
	if err := store.Open(s).UpdateUser(s.Ctx(), acct.Email, bson.M{"$set": bson.M{"usageCount": 3}}); err != nil {
		s.GateErrorf("mark the test user: %v", store.Own(err))
	}
	post(s, stripe.Sign(id, body, secret, time.Now()), http.StatusOK)
	s.Check().EqualValues(3, store.User(s, acct.Email)["usageCount"],
		"usageCount after event %s came again (set to 3 in between): a repeated event must change nothing", id) // contract: webhook.replay (db)
}

// downgrade puts the test user back on free, through the product's own
// cancellation event when the secret is known.
func downgrade(s *harness.S, acct *store.Account) {
	user := store.User(s, acct.Email)
	s.Step("customer.subscription.deleted puts the user back on free")
	id, body := stripe.Build(s.Config().RunID, "customer.subscription.deleted", bson.M{"id": user["stripeSubscriptionId"], "object": "subscription",
		"customer": user["stripeCustomerId"], "status": "canceled"}, time.Now())
	post(s, stripe.Sign(id, body, webhookSecret(s), time.Now()), http.StatusOK)
	user = store.User(s, acct.Email)
	if user["plan"] != "free" {
		if err := store.Open(s).UpdateUser(s.Ctx(), acct.Email, bson.M{"$set": bson.M{"plan": "free"}}); err != nil {
			s.GateErrorf("put the test user back on free: %v", store.Own(err))
		}
	}
	s.Check().Equal("free", user["plan"], "the plan after customer.subscription.deleted") // contract: webhook.cancel (db); field users:plan (db)
}

// webhookSecret is the endpoint's signing secret; the configuration check
// requires it in both modes, so a missing one here is the gate's fault.
func webhookSecret(s *harness.S) string {
	secret := s.Config().Secret("SMOKE_STRIPE_WEBHOOK_SECRET").Value()
	if secret == "" {
		s.GateErrorf("SMOKE_STRIPE_WEBHOOK_SECRET is not set: the billing test signs the replay and cancellation events with it")
	}
	return secret
}
