package model

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"github.com/smokegate/smokegate/harness/stripe"
)

// WebhookEvents is the product's record of the Stripe events it handled
// (eventId, type, createdAt): nothing in it names a user, so the guard
// cannot check an email. It removes only events named by id, ids the run
// sent itself or found about its own payment, and, in a sweep, the ids the
// suite's own event builder tags (stripe.EventIDPrefix).
const WebhookEvents = "webhookEvents"

// ErrNotOwnEvent is returned for a removal of events the suite cannot
// show to be its own.
var ErrNotOwnEvent = errors.New("refused: not an event of the suite's own")

var eventID = regexp.MustCompile(`^evt_[A-Za-z0-9_]+$`)

// DeleteWebhookEvents removes the webhookEvents records of these event
// ids and says how many went. An empty list removes nothing, and an id
// that is not a Stripe event id is refused, so the filter can never grow
// past the ids given.
func (d *DB) DeleteWebhookEvents(ctx context.Context, ids []string) (int64, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	for _, id := range ids {
		if !eventID.MatchString(id) {
			return 0, fmt.Errorf("%w: %q is not a Stripe event id (evt_...)", ErrNotOwnEvent, id)
		}
	}
	res, err := d.db.Collection(WebhookEvents).DeleteMany(ctx, bson.M{"eventId": bson.M{"$in": ids}})
	if err != nil {
		return 0, fmt.Errorf("remove the run's webhookEvents: %w", err)
	}
	return res.DeletedCount, nil
}

// OwnEvents lists the ids of the events the suite built itself: of one
// run when runID is set, else of every run, created before cutoff.
func (d *DB) OwnEvents(ctx context.Context, runID string, cutoff time.Time) ([]string, error) {
	prefix := stripe.EventIDPrefix
	if runID != "" {
		prefix += runID + "_"
	}
	filter := bson.M{"eventId": bson.M{"$regex": "^" + regexp.QuoteMeta(prefix)}, "createdAt": bson.M{"$lt": cutoff}}
	cur, err := d.db.Collection(WebhookEvents).Find(ctx, filter)
	if err != nil {
		return nil, fmt.Errorf("find the suite's webhookEvents: %w", err)
	}
	var docs []struct {
		EventID string `bson:"eventId"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("find the suite's webhookEvents: %w", err)
	}
	var ids []string
	for _, e := range docs {
		if strings.HasPrefix(e.EventID, prefix) { // the server's regex, checked again here
			ids = append(ids, e.EventID)
		}
	}
	return ids, nil
}
