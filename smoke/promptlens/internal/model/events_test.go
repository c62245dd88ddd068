package model

import (
	"context"
	"errors"
	"testing"
)

// Webhook events are removed by id only: an empty list removes nothing
// and anything but a Stripe event id is refused before any database call
// (d has no client, so a delete that got past the check would panic).
func TestDeleteWebhookEventsRefuses(t *testing.T) {
	d := &DB{}
	tests := []struct {
		name string
		ids  []string
		want error
	}{
		{"no ids", nil, nil},
		{"not an event id", []string{"evt_smoke_r1_ab", "cus_123"}, ErrNotOwnEvent},
		{"an operator in the id", []string{`evt_x"},{"$ne":"`}, ErrNotOwnEvent},
		{"empty id", []string{""}, ErrNotOwnEvent},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, err := d.DeleteWebhookEvents(context.Background(), tc.ids)
			if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) || n != 0 {
				t.Errorf("DeleteWebhookEvents(%q) = %d, %v; want 0, %v", tc.ids, n, err, tc.want)
			}
		})
	}
}
