package tables

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// EventsTable is where the Worker remembers the Stripe events it handled,
// so that a replay changes nothing. The contract names no such table: a
// deployment that keeps none (or keeps them under another name) has
// nothing of the suite's to remove there, which is not an error.
const EventsTable = "stripe_events"

// ownEvent is the id of an event the suite built itself (harness/stripe:
// evt_smoke_<run id>_<hex>): the only rows of EventsTable it removes.
var ownEvent = regexp.MustCompile(`^evt_smoke_[a-z0-9]{4,20}_[0-9a-f]+$`)

// DeleteEvents removes the Worker's records of these events, each an
// event the suite built itself; any other id is refused before a query.
func (db *DB) DeleteEvents(ctx context.Context, ids []string) error {
	for _, id := range ids {
		if !ownEvent.MatchString(id) {
			return fmt.Errorf("refused: %q is not an event the suite built (evt_smoke_<run>_...)", id)
		}
	}
	for _, id := range ids {
		if _, err := db.c.Query(ctx, `DELETE FROM stripe_events WHERE id = ?`, id); err != nil && !noTable(err) {
			return fmt.Errorf("remove %s from %s: %w", id, EventsTable, err)
		}
	}
	return nil
}

// OwnEvents lists the suite's events the Worker recorded: of the run
// (runID set), or of every run, recorded before cutoff.
func (db *DB) OwnEvents(ctx context.Context, runID string, cutoff time.Time) ([]string, error) {
	prefix := "evt_smoke_"
	if runID != "" {
		prefix += runID + "_"
	}
	rows, err := db.c.Query(ctx, `SELECT id FROM stripe_events WHERE substr(id, 1, length(?1)) = ?1 AND created_at < CAST(?2 AS INTEGER)`,
		prefix, strconv.FormatInt(cutoff.Unix(), 10))
	if noTable(err) {
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

func noTable(err error) bool {
	return err != nil && strings.Contains(err.Error(), "no such table")
}
