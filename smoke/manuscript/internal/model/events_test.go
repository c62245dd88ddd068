package model

import (
	"context"
	"testing"
)

// Only events the suite built are removed: anything else is refused
// before any query (db has no client, so a query would panic).
func TestDeleteEventsRefuses(t *testing.T) {
	db := &DB{}
	tests := []struct {
		name string
		ids  []string
		ok   bool
	}{
		{"none", nil, true},
		{"a Stripe event", []string{"evt_1RealStripeEvent"}, false},
		{"one of ours, one not", []string{"evt_smoke_r1aa_ab12", "evt_smoke_%"}, false},
		{"a run id too short", []string{"evt_smoke_r1_ab12"}, false},
		{"SQL in the id", []string{"evt_smoke_r1aa_ab12' OR '1'='1"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := db.DeleteEvents(context.Background(), tc.ids)
			if (err == nil) != tc.ok {
				t.Errorf("DeleteEvents(%q) = %v, want ok %v", tc.ids, err, tc.ok)
			}
		})
	}
}
