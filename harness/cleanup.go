package harness

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/smokegate/smokegate/harness/report"
	"github.com/smokegate/smokegate/harness/stripe"
)

// cleanupTimeout bounds one cleanup step; it runs on a context of its own,
// since the test's may have ended (timeout, SIGTERM).
const cleanupTimeout = 5 * time.Second

// settleTime is how long a cleanup after a failure or an interruption
// waits before it sweeps the account's data once more.
const settleTime = time.Second

// CleanupAccount removes the test account with this email and what it
// owns when the test ends, whether the test made it or the product did.
func (s *S) CleanupAccount(email string) {
	s.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
		defer cancel()
		db, err := s.run.database()
		switch {
		case err != nil:
		case s.t.Failed() || (s.run.interrupt != nil && s.run.interrupt.Err() != nil):
			// A request the test gave up on may still land: sweep again.
			err = db.DeleteAccountSettled(ctx, email, settleTime)
		default:
			err = db.DeleteAccount(ctx, email)
		}
		if err != nil {
			s.left("user "+email+" with its prompts and reset tokens", err)
		}
	})
}

// RemoveWebhookEvents removes, when the test ends, the product's
// webhookEvents records of events the test sent itself.
func (s *S) RemoveWebhookEvents(ids ...string) {
	s.events.mu.Lock()
	defer s.events.mu.Unlock()
	if !s.events.registered {
		s.events.registered = true
		s.t.Cleanup(s.removeEvents)
	}
	s.events.ids = append(s.events.ids, ids...)
}

// RemoveCheckoutEvents removes, when the test ends, the webhookEvents
// records of the events Stripe sent about this checkout session: found
// through Stripe's API (SMOKE_STRIPE_API_URL, SMOKE_STRIPE_SECRET_KEY),
// since the records name no user.
func (s *S) RemoveCheckoutEvents(sessionID string) {
	cfg := s.run.cfg
	s.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
		defer cancel()
		ids, err := stripe.EventsAbout(ctx, cfg.StripeAPIURL, cfg.StripeSecretKey.Value(), "checkout.session.completed", sessionID)
		if err != nil {
			s.left("webhookEvents of checkout session "+sessionID, err)
			return
		}
		s.deleteEvents(ids)
	})
}

// events are the webhook event ids a test removes when it ends.
type events struct {
	mu         sync.Mutex
	ids        []string
	registered bool
}

func (s *S) removeEvents() {
	s.events.mu.Lock()
	ids := s.events.ids
	s.events.mu.Unlock()
	s.deleteEvents(ids)
}

func (s *S) deleteEvents(ids []string) {
	if len(ids) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	db, err := s.run.database()
	if err == nil {
		_, err = db.DeleteWebhookEvents(ctx, ids)
	}
	if err != nil {
		s.left(fmt.Sprintf("%d webhookEvents (%s)", len(ids), strings.Join(ids, ", ")), err)
	}
}

// left records what a cleanup could not remove: on the test's output now,
// and in the suite, for the summary.
func (s *S) left(what string, err error) {
	s.t.Logf("cleanup: %s left behind: %v", what, err)
	if prev := s.props[report.LeftProperty]; prev != "" {
		what = prev + "; " + what
	}
	s.props[report.LeftProperty] = what
}
