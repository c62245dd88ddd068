package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/smokegate/smokegate/harness"
	"github.com/smokegate/smokegate/harness/stripe"
)

// CleanupAccount removes the test account with this email and what it
// owns when the test ends, whether the test made it or the product did
// (once more a moment later when the test was cut short:
// harness.Settled).
func CleanupAccount(s *harness.S, email string) {
	var remove func(context.Context) error
	s.Cleanup("user "+email+" with its prompts and reset tokens", func(ctx context.Context) error {
		if remove == nil {
			db, err := open(s)
			if err != nil {
				return err
			}
			remove = db.Remover(email)
		}
		return remove(ctx)
	}, harness.Settled)
}

// RemoveWebhookEvents removes, when the test ends, the product's
// webhookEvents records of events the test sent itself.
func RemoveWebhookEvents(s *harness.S, ids ...string) {
	s.Cleanup(eventsLeft(ids), func(ctx context.Context) error { return deleteEvents(ctx, s, ids) })
}

// RemoveCheckoutEvents removes, when the test ends, the webhookEvents
// records of the events Stripe sent about this checkout session: found
// through Stripe's API (SMOKE_STRIPE_API_URL, SMOKE_STRIPE_SECRET_KEY),
// since the records name no user.
func RemoveCheckoutEvents(s *harness.S, sessionID string) {
	cfg := s.Config()
	s.Cleanup("webhookEvents of checkout session "+sessionID, func(ctx context.Context) error {
		ids, err := stripe.EventsAbout(ctx, cfg.Get("SMOKE_STRIPE_API_URL"), cfg.Secret("SMOKE_STRIPE_SECRET_KEY").Value(), "checkout.session.completed", sessionID)
		if err != nil {
			return err
		}
		return deleteEvents(ctx, s, ids)
	})
}

func deleteEvents(ctx context.Context, s *harness.S, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	db, err := open(s)
	if err != nil {
		return err
	}
	_, err = db.DeleteWebhookEvents(ctx, ids)
	return err
}

func eventsLeft(ids []string) string {
	return fmt.Sprintf("%d webhookEvents (%s)", len(ids), strings.Join(ids, ", "))
}
