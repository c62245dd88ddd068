package main

import (
	"context"
	"fmt"
	"time"

	stripego "github.com/stripe/stripe-go/v76"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/stripe"
	"github.com/smokegate/smokegate/harness/sweep"
)

// checkoutEvents finds the events Stripe sent about the test accounts'
// payments in scope: checkout.session.completed events whose
// customer_email is a test account's (of the run, with -run; created
// before the cutoff, without). The product's webhookEvents records of
// them name no user, so only Stripe can say they were the suite's. With no
// SMOKE_STRIPE_SECRET_KEY there is nothing to ask (signed-event mode's
// events are the suite's own, found by their id).
func checkoutEvents(ctx context.Context, cfg *config.Config, sc sweep.Scope) ([]string, error) {
	key := cfg.Secret("SMOKE_STRIPE_SECRET_KEY").Value()
	if key == "" {
		return nil, nil
	}
	ids, err := stripe.Events(ctx, cfg.Get("SMOKE_STRIPE_API_URL"), key, "checkout.session.completed", func(ev *stripego.Event) bool {
		if ev.Data == nil {
			return false
		}
		email, _ := ev.Data.Object["customer_email"].(string)
		inScope := sc.RunID != "" || time.Unix(ev.Created, 0).Before(sc.Cutoff)
		return inScope && cfg.AccountPattern.MatchString(email) && sc.Covers(email)
	})
	if err != nil {
		return ids, fmt.Errorf("the test accounts are swept, but Stripe's checkout events could not be listed, so their webhookEvents records stay (the collection's TTL removes them): %w", err)
	}
	return ids, nil
}
