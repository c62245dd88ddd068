package stripe

import (
	"context"
	"fmt"
	"net/http"
	"time"

	stripego "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"
)

// maxEventsScanned bounds how far back EventsAbout looks.
const maxEventsScanned = 100

// EventsAbout returns the ids of the recent events of eventType whose
// object is the one with this id (a checkout session), asked of Stripe's
// API at apiURL with key: the events Stripe sent the webhook for a payment
// the test made, whose records in the product the test removes.
func EventsAbout(ctx context.Context, apiURL, key, eventType, objectID string) ([]string, error) {
	return Events(ctx, apiURL, key, eventType, func(ev *stripego.Event) bool {
		return ev.Data != nil && ev.Data.Object["id"] == objectID
	})
}

// Events returns the ids of the recent events of eventType that match
// says are wanted, newest first.
func Events(ctx context.Context, apiURL, key, eventType string, match func(*stripego.Event) bool) ([]string, error) {
	b := stripego.GetBackendWithConfig(stripego.APIBackend, &stripego.BackendConfig{
		URL: stripego.String(apiURL), HTTPClient: &http.Client{Timeout: 10 * time.Second},
		MaxNetworkRetries: stripego.Int64(0), LeveledLogger: &stripego.LeveledLogger{Level: stripego.LevelNull},
	})
	sc := client.New(key, &stripego.Backends{API: b, Connect: b, Uploads: b})
	params := &stripego.EventListParams{Type: stripego.String(eventType)}
	params.Context = ctx
	var ids []string
	it := sc.Events.List(params)
	for n := 0; n < maxEventsScanned && it.Next(); n++ {
		if ev := it.Event(); match(ev) {
			ids = append(ids, ev.ID)
		}
	}
	if err := it.Err(); err != nil {
		return ids, fmt.Errorf("list Stripe's %s events (check the API URL and key): %w", eventType, err)
	}
	return ids, nil
}
