package stripe

import (
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v76/webhook"
)

func TestSignedEventVerifiesWithStripeGo(t *testing.T) {
	now := time.Now()
	id, body := CheckoutCompleted("r1", "u1", "smoke+x@smokegate.test", now)
	if !strings.HasPrefix(id, "evt_smoke_r1_") {
		t.Errorf("event id %q does not start with the sweep's prefix evt_smoke_ and the run id", id)
	}
	ev := Sign(id, body, "whsec_right", now)
	got, err := webhook.ConstructEvent(ev.Body, ev.Signature, "whsec_right")
	if err != nil || got.ID != id || got.Type != "checkout.session.completed" {
		t.Fatalf("ConstructEvent = %v %v", got.ID, err)
	}
	if _, err := webhook.ConstructEvent(ev.Body, ev.Signature, "whsec_wrong"); err == nil {
		t.Error("a wrong secret verified")
	}
	old := Sign(id, body, "whsec_right", now.Add(-10*time.Minute))
	if _, err := webhook.ConstructEvent(old.Body, old.Signature, "whsec_right"); err == nil {
		t.Error("a 10-minute-old signature verified with the default 300 s tolerance")
	}
}

func TestRefuseLive(t *testing.T) {
	tests := []struct {
		in   string
		live bool
	}{{"sk_live_abc", true}, {"cs_live_a1", true}, {"rk_live_x", true}, {"sk_test_abc", false}, {"cs_test_a1", false}, {"", false}}
	for _, tc := range tests {
		err := RefuseLive(tc.in)
		if (err != nil) != tc.live || (err != nil && strings.Contains(err.Error(), tc.in)) {
			t.Errorf("RefuseLive(%q) = %v", tc.in, err)
		}
	}
}
