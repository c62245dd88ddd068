package billing

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"go.mongodb.org/mongo-driver/bson"

	"github.com/smokegate/smokegate/harness"
	"github.com/smokegate/smokegate/harness/stripe"
)

const (
	checkoutAdvice = "check the API's logs for the Stripe error and its STRIPE_SECRET_KEY and Pro price; roll back if this deploy changed billing"
	advice         = "check the webhook's delivery log in Stripe, that STRIPE_WEBHOOK_SECRET matches the endpoint's signing secret, and the endpoint URL; roll back if this deploy broke the webhook"
	webhookWait    = 10 * time.Second
	testCard       = "4242424242424242"
)

func TestStripeUpgrade(t *testing.T) {
	s := harness.Start(t, harness.Budget(20*time.Second), harness.Advice(checkoutAdvice), harness.WarmBrowser())
	cfg := s.Config()
	acct := s.NewAccount("billing", nil)

	s.Step("POST /api/billing/checkout")
	data := s.API().WithToken(acct.Token).POST("/api/billing/checkout").
		Expect().Status(http.StatusOK).JSON().Object().Value("data").Object()
	sessionID := data.Value("sessionId").String().NotEmpty().Raw()
	payURL := data.Value("url").String().NotEmpty().Raw()
	s.Advise(advice)

	if cfg.BillingMode == "checkout" {
		for _, v := range []string{cfg.StripeSecretKey.Value(), sessionID} {
			if err := stripe.RefuseLive(v); err != nil {
				s.GateErrorf("%v", err)
			}
		}
		pay(s, payURL)
	} else {
		s.Step("signed-event mode: post checkout.session.completed")
		id, body := stripe.CheckoutCompleted(acct.ID.Hex(), acct.Email, time.Now())
		post(s, stripe.Sign(id, body, cfg.StripeWebhookSecret.Value(), time.Now()), http.StatusOK)
	}
	awaitPro(s, acct.Email)
	checkBadSignature(s, acct)
	checkRepeatIsNoop(s, acct)
	downgrade(s, acct)
}

// pay fills the hosted page with the test card.
func pay(s *harness.S, url string) {
	s.Step("pay on the hosted checkout page with the test card")
	tab := s.Tab()
	if err := chromedp.Do(tab, chromedp.Navigate(url),
		chromedp.SendKeys(chromedp.CSS("#cardNumber"), testCard),
		chromedp.SendKeys(chromedp.CSS("#cardExpiry"), "12/34"),
		chromedp.SendKeys(chromedp.CSS("#cardCvc"), "123"),
		chromedp.Click(chromedp.CSS("#submit")),
	); err != nil {
		s.Failf("pay on the checkout page %s: %v", url, err)
	}
}

// awaitPro polls MongoDB until the webhook has upgraded the user.
func awaitPro(s *harness.S, email string) {
	ctx, cancel := context.WithTimeout(s.Ctx(), webhookWait)
	defer cancel()
	var user bson.M
	for {
		u, _, err := s.DB().User(ctx, email)
		if err == nil {
			user = u
		}
		if user["plan"] == "pro" {
			break
		}
		if ctx.Err() != nil {
			s.Failf("the user is still on plan %q %s after payment: the webhook did not upgrade them", user["plan"], webhookWait)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if sub, _ := user["stripeSubscriptionId"].(string); sub == "" {
		s.Failf("the upgraded user has no stripeSubscriptionId")
	}
	if n, _ := harness.Int(user["usageCount"]); n != 0 {
		s.Failf("the upgraded user's usageCount is %d, want 0", n)
	}
	s.Step("upgraded to pro with subscription %v", user["stripeSubscriptionId"])
}

func post(s *harness.S, ev stripe.Event, want int) {
	resp := s.API().Expect().POST(s.Config().StripeWebhookPath).WithHeader("Stripe-Signature", ev.Signature).
		WithHeader("Content-Type", "application/json").WithBytes(ev.Body).Expect().Status(want)
	if want == http.StatusOK {
		resp.JSON().Object().Value("received").IsEqual(true)
	}
}

func checkBadSignature(s *harness.S, acct *harness.Account) {
	s.Step("a badly signed event is refused")
	id, body := stripe.CheckoutCompleted(acct.ID.Hex(), acct.Email, time.Now())
	post(s, stripe.Sign(id, body, "whsec_not_the_endpoints_secret", time.Now()), http.StatusBadRequest)
}

// checkRepeatIsNoop sends one event twice; the second must change nothing
// (it would reset usageCount if it were applied again).
func checkRepeatIsNoop(s *harness.S, acct *harness.Account) {
	secret := s.Config().StripeWebhookSecret.Value()
	if secret == "" {
		s.Step("no SMOKE_STRIPE_WEBHOOK_SECRET: the repeated-event check is not run")
		return
	}
	s.Step("the same event twice changes nothing")
	id, body := stripe.CheckoutCompleted(acct.ID.Hex(), acct.Email, time.Now())
	post(s, stripe.Sign(id, body, secret, time.Now()), http.StatusOK)
	if err := s.DB().UpdateUser(s.Ctx(), acct.Email, bson.M{"$set": bson.M{"usageCount": 3}}); err != nil {
		s.GateErrorf("mark the test user: %v", err)
	}
	post(s, stripe.Sign(id, body, secret, time.Now()), http.StatusOK)
	user, _, _ := s.DB().User(s.Ctx(), acct.Email)
	if n, _ := harness.Int(user["usageCount"]); n != 3 {
		s.Failf("a repeated event %s was applied again (usageCount %d, want 3): the webhook is not idempotent", id, n)
	}
}

// downgrade puts the test user back on free, through the product's own
// cancellation event when the secret is known.
func downgrade(s *harness.S, acct *harness.Account) {
	user, _, _ := s.DB().User(s.Ctx(), acct.Email)
	secret := s.Config().StripeWebhookSecret.Value()
	if secret != "" {
		s.Step("customer.subscription.deleted puts the user back on free")
		id, body := stripe.Build("customer.subscription.deleted", bson.M{"id": user["stripeSubscriptionId"], "object": "subscription",
			"customer": user["stripeCustomerId"], "status": "canceled"}, time.Now())
		post(s, stripe.Sign(id, body, secret, time.Now()), http.StatusOK)
		user, _, _ = s.DB().User(s.Ctx(), acct.Email)
	}
	if user["plan"] != "free" {
		if err := s.DB().UpdateUser(s.Ctx(), acct.Email, bson.M{"$set": bson.M{"plan": "free"}}); err != nil {
			s.GateErrorf("put the test user back on free: %v", err)
		}
		if secret != "" {
			s.Failf("after customer.subscription.deleted the user is on %v, want free", user["plan"])
		}
	}
}
