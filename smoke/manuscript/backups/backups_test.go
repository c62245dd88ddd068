package backups

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/smokegate/smokegate/harness"
	"github.com/smokegate/smokegate/harness/d1"
	"github.com/smokegate/smokegate/harness/objstore"
	"github.com/smokegate/smokegate/smoke/manuscript/internal/store"
)

// The runbook's figures.
const (
	criticalAge   = 36 * time.Hour   // no success for this long is critical
	runLimit      = 5 * time.Minute  // a backup run takes less
	runNote       = 10 * time.Minute // a run this long is worth a note
	sizeFactor    = 2                // the newest is not over twice the recent average
	recentRuns    = 7                // the runs the average is taken over
	minKept       = 30               // retention keeps 30 to 40 objects
	maxKept       = 40
	maxObjectRead = 64 << 20 // read at most this much of a backup
)

const advice = "check the backup job's last run (its cron trigger at 03:00 UTC and the Worker's logs), R2's bucket and backup_logs; run a backup by hand if the last one is missing"

func TestBackupsFresh(t *testing.T) {
	s := check.Start(t, harness.Advice(advice))
	now := time.Now()
	rows, err := store.Open(s).BackupLogs(s.Ctx(), maxKept+recentRuns)
	if err != nil {
		s.GateErrorf("read backup_logs: %v", store.Own(err))
	}
	if len(rows) == 0 {
		s.Failf("backup_logs has no rows: the backup job never ran")
	}

	s.Step("the newest backup run did not fail")
	if newest := rows[0]; newest.String("status") != "success" { // contract: backup.failed (db); field backup_logs:status (db)
		s.Failf("the newest backup run (started %s) is logged as %q: a failed backup is critical",
			newest.Time("started_at").UTC().Format(time.RFC3339), newest.String("status"))
	}
	success := successes(rows)
	latest := success[0]
	checkAge(s, latest, now)
	checkRunTime(s, latest)
	checkSize(s, success)
	checkObject(s, latest)
	checkRetention(s)
}

// successes are the successful runs, newest first.
func successes(rows []d1.Row) []d1.Row {
	var out []d1.Row
	for _, r := range rows {
		if r.String("status") == "success" {
			out = append(out, r)
		}
	}
	return out
}

// checkAge: under 24 h; none in 36 h is critical.
func checkAge(s *harness.S, latest d1.Row, now time.Time) {
	age := now.Sub(latest.Time("created_at"))
	s.Property("backup.newest", latest.String("object_key"))
	s.Property("backup.age.critical", criticalAge.String())
	if age > criticalAge {
		s.Failf("the newest successful backup is %s old: none in %s is critical", age.Round(time.Minute), criticalAge)
	}
	s.Limit("backup.age", "the newest successful backup's age", age) // contract: backup.fresh (db); field backup_logs:created_at (db)
}

// checkRunTime records the run's time: over 5 min is slow, over 10 a note.
func checkRunTime(s *harness.S, latest d1.Row) {
	took := latest.Time("created_at").Sub(latest.Time("started_at")) // contract: field backup_logs:started_at (db)
	s.Property("backup.run", fmt.Sprintf("%s (runbook: under %s; over %s worth a note)", took, runLimit, runNote))
	if took > runNote {
		s.Step("note: the newest backup run took %s, over %s", took, runNote)
	}
}

// checkSize: the newest backup over twice the recent average is a
// warning, not a failure: the runbook counts it as info.
func checkSize(s *harness.S, success []d1.Row) {
	size, ok := success[0].Int("size_bytes")
	s.Check().True(ok, "backup_logs.size_bytes of the newest success is %v, want a number of bytes", success[0]["size_bytes"])
	var sum, n int64
	for _, r := range success[1:min(len(success), recentRuns+1)] {
		if v, ok := r.Int("size_bytes"); ok {
			sum, n = sum+v, n+1
		}
	}
	s.Property("backup.size", fmt.Sprintf("%d bytes", size))
	if n == 0 {
		return
	}
	avg := sum / n
	s.Property("backup.size.average", fmt.Sprintf("%d bytes over %d runs (limit %d×)", avg, n, sizeFactor))
	if size > sizeFactor*avg { // contract: backup.size (db); field backup_logs:size_bytes (db)
		s.Warn("the newest backup is %d bytes, over %d× the average of the %d runs before it (%d bytes): check what grew", size, sizeFactor, n, avg)
	}
}

// checkObject: the logged object is in the bucket, a non-empty gzip
// holding SQL.
func checkObject(s *harness.S, latest d1.Row) {
	key := latest.String("object_key")
	s.Step("the bucket holds %s", key)
	body, err := store.Bucket(s).Get(s.Ctx(), key, maxObjectRead)
	if errors.Is(err, objstore.ErrNotFound) { // contract: field backup_logs:object_key (db)
		s.Failf("backup_logs says %s was written, but the bucket %s has no such object: the backup is missing", key, s.Config().Get("SMOKE_R2_BUCKET"))
	}
	if err != nil {
		s.GateErrorf("read %s from the bucket: %v", key, store.Own(err))
	}
	sql, err := gunzip(body)
	if err != nil {
		s.Failf("%s (%d bytes) is not a readable gzip: %v", key, len(body), err)
	}
	if !strings.Contains(sql, "CREATE TABLE") && !strings.Contains(sql, "INSERT INTO") { // contract: backup.object (bucket)
		s.Failf("%s unpacks to %d bytes holding no SQL (no CREATE TABLE, no INSERT INTO)", key, len(sql))
	}
	s.Step("%s: %d bytes of gzip, %d of SQL", key, len(body), len(sql))
}

// checkRetention: 30 to 40 backups are kept.
func checkRetention(s *harness.S) {
	objs, err := store.Bucket(s).List(s.Ctx(), "backup-")
	if err != nil {
		s.GateErrorf("list the bucket: %v", store.Own(err))
	}
	s.Property("backup.kept", fmt.Sprintf("%d (runbook: %d to %d)", len(objs), minKept, maxKept))
	s.Check().GreaterOrEqual(len(objs), minKept, "backups kept in the bucket") // contract: backup.kept (bucket)
	s.Check().LessOrEqual(len(objs), maxKept, "backups kept in the bucket")
}
