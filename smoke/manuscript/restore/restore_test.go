package restore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/smokegate/smokegate/harness"
	"github.com/smokegate/smokegate/harness/objstore"
	"github.com/smokegate/smokegate/smoke/manuscript/internal/dump"
	"github.com/smokegate/smokegate/smoke/manuscript/internal/model"
	"github.com/smokegate/smokegate/smoke/manuscript/internal/store"
)

// The drill's figures.
const (
	minAge    = 6 * 24 * time.Hour // the runbook restores last week's backup, not the newest
	maxAge    = 8 * 24 * time.Hour // an older one is worth a warning
	maxObject = 64 << 20           // read at most this much of the object
	maxSQL    = 256 << 20          // and unpack at most this much
	minShare  = 0.5                // a table restores at least half its live rows
	minBanded = 20                 // ... when it has this many live
	slack     = 50                 // and at most this many more than live (or a quarter more)
)

// integrity are the runbook's queries on the restored copy; each wants 0.
var integrity = []struct{ what, query string }{
	{"manuscripts whose author is not in users", `SELECT COUNT(*) FROM manuscripts WHERE author_id NOT IN (SELECT id FROM users)`},
	{"users without an id", `SELECT COUNT(*) FROM users WHERE id IS NULL`},
}

const advice = "restore that backup by hand into a local database (the runbook's restore steps, never into production) to see what is wrong with it; check the backup job's export (its SQL, its table list) and the Worker's logs for the night it ran"

func TestRestoreDrill(t *testing.T) {
	s := check.Start(t, harness.Advice(advice))
	now := time.Now()
	db := store.Open(s)

	days := minAge.Hours() / 24
	s.Step("the newest successful backup at least %.0f days old", days)
	bk, found, err := db.BackupAtLeast(s.Ctx(), now, minAge)
	if err != nil {
		s.GateErrorf("read backup_logs: %v", store.Own(err))
	}
	if !found { // contract: field backup_logs:status,created_at (db)
		s.Failf("backup_logs has no successful backup at least %.0f days old: there is nothing from last week to restore", days)
	}
	key := bk.String("object_key")
	s.Property("backup.restore.object", key)
	age := now.Sub(bk.Time("created_at"))
	s.Property("backup.restore.age", fmt.Sprintf("%s (%.1f days; the drill takes one at least %.0f days old)", age.Round(time.Minute), age.Hours()/24, days))
	if age > maxAge {
		s.Warn("the newest backup at least %.0f days old is %.1f days old: the runs of the days after it failed or are missing from backup_logs", days, age.Hours()/24)
	}

	restored := load(s, t.TempDir(), key)
	defer restored.Close()
	checkSchema(s, db, restored)
	checkIntegrity(s, restored)
	checkCounts(s, db, restored)
}

// load reads the backup's object and restores it into a new SQLite file
// in a folder the test removes.
func load(s *harness.S, dir, key string) *dump.Restored {
	s.Step("read %s from the bucket", key)
	body, err := store.Bucket(s).Get(s.Ctx(), key, maxObject+1)
	if errors.Is(err, objstore.ErrNotFound) { // contract: field backup_logs:object_key (db)
		s.Failf("backup_logs says %s was written, but the bucket %s has no such object: last week's backup is missing", key, s.Config().Get("SMOKE_R2_BUCKET"))
	}
	if err != nil {
		s.GateErrorf("read %s from the bucket: %v", key, store.Own(err))
	}
	if len(body) > maxObject {
		s.Failf("%s is over %d MiB: the drill does not restore a backup that large; check what grew", key, maxObject>>20)
	}
	loadLimit := s.LimitOf("restore.load") // of the budget, for unpacking and loading
	ctx, cancel := context.WithTimeout(s.Ctx(), loadLimit)
	defer cancel()
	r, err := dump.Load(ctx, dir, body, maxSQL)
	if err != nil && ctx.Err() != nil { // the machine ran out of time, which says nothing of the backup
		s.GateErrorf("%s (%d bytes) was still loading after %s: the machine was too slow to finish the drill; run it again", key, len(body), loadLimit)
	}
	if err != nil { // contract: restore.loads (bucket)
		s.Failf("%s (%d bytes) does not restore: %v", key, len(body), err)
	}
	s.Property("backup.restore.size", fmt.Sprintf("%d bytes of gzip, %d of SQL", len(body), r.SQLBytes))
	s.Property("backup.restore.load", fmt.Sprintf("%s for %d statements (limit %s)", r.Took.Round(time.Millisecond), r.Statements, loadLimit))
	s.Step("%s restored: %d statements in %s", key, r.Statements, r.Took.Round(time.Millisecond))
	return r
}

// checkSchema: the restored copy has the live database's tables, each
// with the live columns in the live order.
func checkSchema(s *harness.S, db *model.DB, r *dump.Restored) {
	s.Step("the restored tables and columns are the live database's")
	live, err := db.Schema(s.Ctx())
	if err != nil {
		s.GateErrorf("read the live schema: %v", store.Own(err))
	}
	got, err := r.Schema(s.Ctx())
	if err != nil {
		s.GateErrorf("%v", err)
	}
	var added, other []string // live has more (a migration may explain it); anything else
	for _, name := range sortedKeys(live) {
		cols, ok := got[name]
		switch {
		case !ok:
			added = append(added, fmt.Sprintf("table %s is missing from the backup", name))
		case slices.Equal(cols, live[name]):
		case isPrefix(cols, live[name]):
			added = append(added, fmt.Sprintf("%s has columns (%s), live adds (%s)", name, strings.Join(cols, ", "), strings.Join(live[name][len(cols):], ", ")))
		default:
			other = append(other, fmt.Sprintf("%s has columns (%s), live (%s)", name, strings.Join(cols, ", "), strings.Join(live[name], ", ")))
		}
	}
	for _, name := range sortedKeys(got) {
		if _, ok := live[name]; !ok {
			other = append(other, fmt.Sprintf("table %s is in the backup, not in the live database", name))
		}
	}
	if len(added) > 0 && migratedSince(s, db, r) {
		s.Warn("the live schema has grown since the backup, as migrations applied since explain: %s", strings.Join(added, "; "))
		added = nil
	}
	if diffs := append(added, other...); len(diffs) > 0 { // contract: restore.schema (bucket)
		s.Failf("the restored schema is not the live one: %s (no migration applied since the backup, per d1_migrations, explains it)", strings.Join(diffs, "; "))
	}
}

// migrationsCount counts D1's applied migrations (wrangler's d1_migrations).
const migrationsCount = "SELECT COUNT(*) FROM d1_migrations"

// migratedSince tells whether the live database has applied migrations the
// backup had not: then a table or column live has and the backup lacks is
// the schema moving on, not a broken backup. Without d1_migrations on both
// sides nothing explains a difference.
func migratedSince(s *harness.S, db *model.DB, r *dump.Restored) bool {
	live, err := db.Count(s.Ctx(), migrationsCount)
	if err != nil {
		return false
	}
	got, err := r.Count(s.Ctx(), migrationsCount)
	return err == nil && live > got
}

// isPrefix reports whether short is the start of long.
func isPrefix(short, long []string) bool {
	return len(short) < len(long) && slices.Equal(short, long[:len(short)])
}

// checkIntegrity runs the runbook's integrity queries on the copy.
func checkIntegrity(s *harness.S, r *dump.Restored) {
	for _, q := range integrity {
		s.Step("integrity: no %s", q.what)
		n, err := r.Count(s.Ctx(), q.query)
		if err != nil {
			s.Failf("the restored copy cannot answer the runbook's integrity query (%s): %v", q.query, err)
		}
		if n != 0 { // contract: restore.integrity (bucket)
			s.Failf("the restored backup holds %d %s (the runbook's query %q wants 0)", n, q.what, q.query)
		}
	}
}

// checkCounts: each counted table restores a plausible share of its live
// rows, users never none. Rows come and go in a week; half of them gone,
// or many more in the backup than live, is not a week's change.
func checkCounts(s *harness.S, db *model.DB, r *dump.Restored) {
	var bad []string
	for _, c := range model.Counted {
		live, err := db.Count(s.Ctx(), c.Count)
		if err != nil {
			s.GateErrorf("count the live %s: %v", c.Table, store.Own(err))
		}
		got, err := r.Count(s.Ctx(), c.Count)
		if err != nil {
			s.Failf("count the restored %s: %v", c.Table, err)
		}
		s.Property("backup.restore.rows."+c.Table, fmt.Sprintf("%d restored, %d live", got, live))
		if why := implausible(c.Table, got, live); why != "" {
			bad = append(bad, why)
		}
	}
	if len(bad) > 0 { // contract: restore.rows (bucket)
		s.Failf("the restored row counts are not a week-old copy of the live ones: %s", strings.Join(bad, "; "))
	}
}

// implausible says what is wrong with a table's restored count, "" if
// nothing is.
func implausible(table string, got, live int64) string {
	upper := live + max(slack, live/4)
	switch {
	case table == "users" && got == 0:
		return fmt.Sprintf("users: none restored (%d live)", live)
	case live >= minBanded && float64(got) < minShare*float64(live):
		return fmt.Sprintf("%s: %d restored, under %.0f%% of the %d live", table, got, minShare*100, live)
	case got > upper:
		return fmt.Sprintf("%s: %d restored, over the %d live plus %d", table, got, live, upper-live)
	}
	return ""
}

func sortedKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
