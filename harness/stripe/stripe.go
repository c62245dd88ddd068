// Package stripe builds Stripe webhook events for the billing smoke test
// and signs them with stripe-go's own signing code, the scheme Stripe uses
// (Stripe-Signature: t=...,v1=...). It also refuses live mode: the suite
// never pays with a live key.
package stripe

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	stripego "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"
)

// Event is a signed event ready to POST.
type Event struct {
	ID        string
	Body      []byte
	Signature string // the Stripe-Signature header
}

// RefuseLive returns an error when a key or a checkout session id belongs
// to Stripe's live mode.
func RefuseLive(keyOrID string) error {
	for _, p := range []string{"sk_live_", "rk_live_", "cs_live_", "pk_live_"} {
		if strings.HasPrefix(keyOrID, p) {
			return fmt.Errorf("refusing to pay in Stripe live mode (%s...): use a test-mode key", p)
		}
	}
	return nil
}

// CheckoutCompleted builds a checkout.session.completed event for a user,
// as Stripe sends it after a paid subscription checkout, for run runID.
func CheckoutCompleted(runID, userID, email string, now time.Time) (id string, body []byte) {
	suffix := random()
	session := map[string]any{
		"id": "cs_test_smoke" + suffix, "object": "checkout.session", "mode": "subscription",
		"status": "complete", "payment_status": "paid", "livemode": false,
		"client_reference_id": userID, "metadata": map[string]string{"user_id": userID},
		"customer": "cus_smoke" + suffix, "subscription": "sub_smoke" + suffix, "customer_email": email,
	}
	return Build(runID, "checkout.session.completed", session, now)
}

// EventIDPrefix starts the id of every event Build makes, followed by the
// run id and "_", so that a sweep can find the product's records of a
// run that ended before its cleanup.
const EventIDPrefix = "evt_smoke_"

// Build wraps object in an event of the given type, with an id tagged
// with runID.
func Build(runID, eventType string, object map[string]any, now time.Time) (id string, body []byte) {
	id = EventIDPrefix + runID + "_" + random()
	body, _ = json.Marshal(map[string]any{
		"id": id, "object": "event", "api_version": stripego.APIVersion, "created": now.Unix(),
		"type": eventType, "livemode": false, "pending_webhooks": 1, "data": map[string]any{"object": object},
	})
	return id, body
}

// Sign signs body with secret at time now.
func Sign(id string, body []byte, secret string, now time.Time) Event {
	p := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: body, Secret: secret, Timestamp: now})
	return Event{ID: id, Body: body, Signature: p.Header}
}

func random() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
