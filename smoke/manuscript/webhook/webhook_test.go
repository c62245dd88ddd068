package webhook

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/gavv/httpexpect/v2"

	"github.com/smokegate/smokegate/harness"
	"github.com/smokegate/smokegate/harness/d1"
	"github.com/smokegate/smokegate/harness/stripe"
	"github.com/smokegate/smokegate/smoke/manuscript/internal/platform"
	"github.com/smokegate/smokegate/smoke/manuscript/internal/tables"
)

const (
	path   = "/webhooks/stripe"
	advice = "check STRIPE_WEBHOOK_SECRET against the endpoint's signing secret in Stripe's dashboard, and the Worker's logs for /webhooks/stripe; roll back if this deploy changed billing"
)

func TestStripeWebhook(t *testing.T) {
	s := check.Start(t, harness.Advice(advice))
	secret := s.Config().StripeWebhookSecret.Value()
	db := platform.Open(s)
	acct := platform.NewAccount(s, db, "webhook", s.Secret("password", "pw-"+s.RunID()+"-Pw1"))
	token := platform.Login(s, acct.Email, acct.Password)

	s.Step("a signed checkout.session.completed for the account")
	id, body := stripe.CheckoutCompleted(s.RunID(), acct.ID, acct.Email, time.Now())
	platform.RemoveEvents(s, db, id)
	post(s, stripe.Sign(id, body, secret, time.Now())).Status(http.StatusOK).JSON().Object().Value("received").IsEqual(true) // contract: webhook.received (api)
	s.Advise("the webhook took the event but the subscription is wrong: check that checkout sessions carry metadata.user_id and that the Worker reads it, and the Worker's logs for /webhooks/stripe; roll back if this deploy changed billing")
	row := onlySubscription(s, db, acct.ID, "after checkout.session.completed")
	s.Check().Equal("active", row.String("status"), "subscriptions.status after checkout.session.completed") // contract: webhook.active (db)
	s.Check().Equal(sessionField(s, body, "subscription"), row.String("stripe_subscription_id"), "subscriptions.stripe_subscription_id")
	s.Check().Equal(sessionField(s, body, "customer"), row.String("stripe_customer_id"), "subscriptions.stripe_customer_id")
	status := s.API().WithToken(token).GET("/subscription/status").Expect().Status(http.StatusOK).JSON().Object()
	status.Value("status").IsEqual("active") // contract: webhook.active (api)
	status.Value("plan_id").IsEqual(row.String("plan_id"))

	s.Advise(advice)
	s.Step("a bad signature gets 400 Invalid signature")
	post(s, stripe.Sign(id, body, "whsec_not_the_endpoints_"+s.RunID(), time.Now())).
		Status(http.StatusBadRequest).Body().Contains("Invalid signature") // contract: webhook.signature (api)

	s.Step("the same event again changes nothing")
	post(s, stripe.Sign(id, body, secret, time.Now())).Status(http.StatusOK)
	again := onlySubscription(s, db, acct.ID, "after the same event twice")
	s.Check().Equal(row, again, "the subscriptions row after a replayed event (want it unchanged)") // contract: webhook.replay (db)

	s.Step("customer.subscription.deleted ends it")
	subID := row.String("stripe_subscription_id")
	delID, delBody := stripe.Build(s.RunID(), "customer.subscription.deleted",
		map[string]any{"id": subID, "object": "subscription", "status": "canceled", "customer": row.String("stripe_customer_id")}, time.Now())
	platform.RemoveEvents(s, db, delID)
	post(s, stripe.Sign(delID, delBody, secret, time.Now())).Status(http.StatusOK)
	ended := onlySubscription(s, db, acct.ID, "after customer.subscription.deleted")
	s.Check().Equal("canceled", ended.String("status"), "subscriptions.status after customer.subscription.deleted") // contract: webhook.cancel (db)
	s.API().WithToken(token).GET("/subscription/status").Expect().Status(http.StatusOK).
		JSON().Object().Value("status").IsEqual("canceled") // contract: webhook.cancel (api)
}

// post sends a signed event to the webhook.
func post(s *harness.S, ev stripe.Event) *httpexpect.Response {
	return s.API().Expect().POST(path).WithHeader("Stripe-Signature", ev.Signature).
		WithHeader("Content-Type", "application/json").WithBytes(ev.Body).Expect()
}

// onlySubscription reads the account's subscriptions: exactly one row.
func onlySubscription(s *harness.S, db *tables.DB, userID, when string) d1.Row {
	rows, err := db.Subscriptions(s.Ctx(), userID)
	s.StorageError(err, "read the account's subscriptions")
	s.Must().Len(rows, 1, "subscriptions rows of the account %s (paid, so the webhook must have made one from metadata.user_id)", when)
	return rows[0]
}

// sessionField reads a field of the checkout session inside an event.
func sessionField(s *harness.S, body []byte, field string) string {
	var ev struct {
		Data struct {
			Object map[string]any `json:"object"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &ev); err != nil {
		s.GateErrorf("read the event the test built: %v", err)
	}
	v, _ := ev.Data.Object[field].(string)
	return v
}
