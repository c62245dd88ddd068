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
	"github.com/smokegate/smokegate/smoke/manuscript/internal/model"
	"github.com/smokegate/smokegate/smoke/manuscript/internal/store"
)

const (
	path   = "/webhooks/stripe"
	period = 30 * 24 * time.Hour // a new subscription's period
	advice = "check STRIPE_WEBHOOK_SECRET against the endpoint's signing secret in Stripe's dashboard, and the Worker's logs for /webhooks/stripe; roll back if this deploy changed billing"
)

func TestStripeWebhook(t *testing.T) {
	s := check.Start(t, harness.Advice(advice))
	secret := s.Config().Secret("SMOKE_STRIPE_WEBHOOK_SECRET").Value()
	db := store.Open(s)
	acct := store.NewAccount(s, db, "webhook", s.Secret("password", "pw-"+s.Config().RunID+"-Pw1"))
	token := store.Login(s, acct.Email, acct.Password)
	harness.API(s).WithToken(token).GET("/subscription/status").Expect().Status(http.StatusOK).
		JSON().Object().Value("status").IsEqual("none") // contract: field subscription-status.none:status (api)

	s.Step("a signed checkout.session.completed for the account")
	id, body := stripe.CheckoutCompleted(s.Config().RunID, acct.ID, acct.Email, time.Now())
	store.RemoveEvents(s, db, id)
	post(s, stripe.Sign(id, body, secret, time.Now())).Status(http.StatusOK).JSON().Object().Value("received").IsEqual(true) // contract: webhook.received (api); field webhook:received (api)
	s.Advise("the webhook took the event but the subscription is wrong: check that checkout sessions carry metadata.user_id and that the Worker reads it, and the Worker's logs for /webhooks/stripe; roll back if this deploy changed billing")
	row := onlySubscription(s, db, acct.ID, "after checkout.session.completed")
	checkActive(s, row, body)
	checkStatus(s, token, row)

	s.Advise(advice)
	s.Step("a bad signature gets 400 Invalid signature")
	post(s, stripe.Sign(id, body, "whsec_not_the_endpoints_"+s.Config().RunID, time.Now())).
		Status(http.StatusBadRequest).Body().Contains("Invalid signature") // contract: webhook.signature (api)

	s.Step("the same event again changes nothing")
	post(s, stripe.Sign(id, body, secret, time.Now())).Status(http.StatusOK)
	again := onlySubscription(s, db, acct.ID, "after the same event twice")
	s.Check().Equal(row, again, "the subscriptions row after a replayed event (want it unchanged)") // contract: webhook.replay (db); field subscriptions:id,updated_at (db)

	s.Step("customer.subscription.deleted ends it")
	subID := row.String("stripe_subscription_id")
	delID, delBody := stripe.Build(s.Config().RunID, "customer.subscription.deleted",
		map[string]any{"id": subID, "object": "subscription", "status": "canceled", "customer": row.String("stripe_customer_id")}, time.Now())
	store.RemoveEvents(s, db, delID)
	post(s, stripe.Sign(delID, delBody, secret, time.Now())).Status(http.StatusOK)
	ended := onlySubscription(s, db, acct.ID, "after customer.subscription.deleted")
	s.Check().Equal("canceled", ended.String("status"), "subscriptions.status after customer.subscription.deleted") // contract: webhook.cancel (db); field subscriptions:status (db)
	harness.API(s).WithToken(token).GET("/subscription/status").Expect().Status(http.StatusOK).
		JSON().Object().Value("status").IsEqual("canceled") // contract: webhook.cancel (api); field subscription-status:status (api)
}

// checkActive holds the row checkout.session.completed made to the event:
// active, the event's Stripe ids, a plan, a 30-day period not set to end.
func checkActive(s *harness.S, row d1.Row, body []byte) {
	s.Check().Equal("active", row.String("status"), "subscriptions.status after checkout.session.completed")                             // contract: webhook.active (db); field subscriptions:status (db)
	s.Check().Equal(sessionField(s, body, "subscription"), row.String("stripe_subscription_id"), "subscriptions.stripe_subscription_id") // contract: field subscriptions:stripe_subscription_id (db)
	s.Check().Equal(sessionField(s, body, "customer"), row.String("stripe_customer_id"), "subscriptions.stripe_customer_id")             // contract: field subscriptions:stripe_customer_id (db)
	s.Check().NotEmpty(row.String("plan_id"), "subscriptions.plan_id")                                                                   // contract: field subscriptions:plan_id (db)
	s.Check().WithinDuration(time.Now(), row.Time("created_at"), 5*time.Minute, "subscriptions.created_at (want now)")                   // contract: field subscriptions:created_at (db)
	start, end := row.Time("current_period_start"), row.Time("current_period_end")
	s.Check().WithinDuration(time.Now(), start, 5*time.Minute, "subscriptions.current_period_start (want now)")                    // contract: field subscriptions:current_period_start (db)
	s.Check().WithinDuration(start.Add(period), end, time.Hour, "subscriptions.current_period_end (want 30 days after the start)") // contract: field subscriptions:current_period_end (db)
	cancel, ok := row.Int("cancel_at_period_end")
	s.Check().True(ok && cancel == 0, "subscriptions.cancel_at_period_end is %v, want 0 for a new subscription", row["cancel_at_period_end"]) // contract: field subscriptions:cancel_at_period_end (db)
}

// checkStatus: /subscription/status shows the row.
func checkStatus(s *harness.S, token string, row d1.Row) {
	status := harness.API(s).WithToken(token).GET("/subscription/status").Expect().Status(http.StatusOK).JSON().Object()
	status.Value("status").IsEqual("active")               // contract: webhook.active (api); field subscription-status:status (api)
	status.Value("plan_id").IsEqual(row.String("plan_id")) // contract: field subscription-status:plan_id (api)
	end, _ := row.Int("current_period_end")
	status.Value("current_period_end").Number().IsEqual(end)                                                                                                     // contract: field subscription-status:current_period_end (api)
	cancel := status.Value("cancel_at_period_end").Raw()                                                                                                         // the contract names no type: false or D1's 0
	s.Check().True(cancel == false || cancel == float64(0), "/subscription/status cancel_at_period_end is %v, want false (or 0) for a new subscription", cancel) // contract: field subscription-status:cancel_at_period_end (api)
}

// post sends a signed event to the webhook.
func post(s *harness.S, ev stripe.Event) *httpexpect.Response {
	return harness.API(s).Expect().POST(path).WithHeader("Stripe-Signature", ev.Signature).
		WithHeader("Content-Type", "application/json").WithBytes(ev.Body).Expect()
}

// onlySubscription reads the account's subscriptions: exactly one row.
func onlySubscription(s *harness.S, db *model.DB, userID, when string) d1.Row {
	rows, err := db.Subscriptions(s.Ctx(), userID)
	if err != nil {
		s.GateErrorf("read the account's subscriptions: %v", store.Own(err))
	}
	if len(rows) != 1 { // contract: field subscriptions:user_id (db)
		s.Failf("subscriptions rows of the account %s: %d, want 1 (paid, so the webhook must have made one from metadata.user_id)", when, len(rows))
	}
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
