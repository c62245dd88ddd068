package model

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// EventsTable is where the Worker remembers the Stripe events it handled
// (id, type, created_at), so that a replay changes nothing. The contract
// names no such table: a deployment that keeps none, or keeps them under
// another name or shape, has nothing of the suite's to remove there, which
// is not an error.
const EventsTable = "stripe_events"

// ownEvent is the id of an event the suite built itself (harness/stripe:
// evt_smoke_<run id>_<hex>): the only rows of EventsTable it removes.
var ownEvent = regexp.MustCompile(`^evt_smoke_[a-z0-9]{4,20}_[0-9a-f]+$`)

// DeleteEvents removes the Worker's records of these events, each an
// event the suite built itself; any other id is refused before a query.
// It says how many it asked D1 to remove before an error.
func (db *DB) DeleteEvents(ctx context.Context, ids []string) (int, error) {
	for _, id := range ids {
		if !ownEvent.MatchString(id) {
			return 0, fmt.Errorf("refused: %q is not an event the suite built (evt_smoke_<run>_...)", id)
		}
	}
	for i, id := range ids {
		if _, err := db.c.Query(ctx, `DELETE FROM stripe_events WHERE id = ?`, id); err != nil && !notKept(err) {
			return i, fmt.Errorf("remove %s from %s: %w", id, EventsTable, err)
		}
	}
	return len(ids), nil
}

// OwnEvents lists the suite's events the Worker recorded: of the run
// (runID set, whatever their age), or of every run, recorded before
// cutoff.
func (db *DB) OwnEvents(ctx context.Context, runID string, cutoff time.Time) ([]string, error) {
	prefix := "evt_smoke_"
	if runID != "" {
		prefix += runID + "_"
	}
	before := strconv.FormatInt(cutoff.Unix(), 10)
	if runID != "" {
		before = ""
	}
	rows, err := db.c.Query(ctx, `SELECT id FROM stripe_events WHERE substr(id, 1, length(?1)) = ?1 AND (?2 = '' OR created_at < CAST(?2 AS INTEGER))`,
		prefix, before)
	if notKept(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find the suite's events in %s: %w", EventsTable, err)
	}
	var ids []string
	for _, r := range rows {
		if id, _ := r["id"].(string); ownEvent.MatchString(id) && strings.HasPrefix(id, prefix) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// notKept tells whether err says the deployment keeps no EventsTable of
// this shape.
func notKept(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "no such table") || strings.Contains(err.Error(), "no such column"))
}
