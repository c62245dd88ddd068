package model

import (
	"context"
	"fmt"
	"time"

	"github.com/smokegate/smokegate/harness/d1"
)

// Counted are the tables whose rows the restore drill compares, with the
// statement counting each: the platform's data and the backup log.
var Counted = []struct{ Table, Count string }{
	{"users", `SELECT COUNT(*) AS n FROM users`},
	{"manuscripts", `SELECT COUNT(*) AS n FROM manuscripts`},
	{"subscriptions", `SELECT COUNT(*) AS n FROM subscriptions`},
	{"verification_tokens", `SELECT COUNT(*) AS n FROM verification_tokens`},
	{"backup_logs", `SELECT COUNT(*) AS n FROM backup_logs`},
}

// BackupAtLeast reads the newest successful backup_logs row finished at
// least age before now; found is false when there is none.
func (db *DB) BackupAtLeast(ctx context.Context, now time.Time, age time.Duration) (row d1.Row, found bool, err error) {
	rows, err := db.c.Query(ctx, `SELECT id, status, object_key, size_bytes, started_at, created_at FROM backup_logs
		WHERE status = 'success' AND created_at <= ? ORDER BY created_at DESC, id DESC LIMIT 1`, fmt.Sprint(now.Add(-age).Unix()))
	if err != nil || len(rows) == 0 {
		return nil, false, err
	}
	return rows[0], true, nil
}

// Schema reads the live tables and their columns in order, leaving out
// SQLite's own tables and D1's (_cf_*).
func (db *DB) Schema(ctx context.Context) (map[string][]string, error) {
	rows, err := db.c.Query(ctx, `SELECT m.name AS tbl, p.name AS col FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND m.name NOT LIKE '\_cf\_%' ESCAPE '\'
		ORDER BY m.name, p.cid`)
	if err != nil {
		return nil, fmt.Errorf("read the schema: %w", err)
	}
	out := map[string][]string{}
	for _, r := range rows {
		out[r.String("tbl")] = append(out[r.String("tbl")], r.String("col"))
	}
	return out, nil
}

// Count runs one of Counted's statements.
func (db *DB) Count(ctx context.Context, stmt string) (int64, error) {
	rows, err := db.c.Query(ctx, stmt)
	if err != nil {
		return 0, err
	}
	if len(rows) != 1 {
		return 0, fmt.Errorf("%s: %d rows, want 1", stmt, len(rows))
	}
	n, ok := rows[0].Int("n")
	if !ok {
		return 0, fmt.Errorf("%s: n is %v, not a count", stmt, rows[0]["n"])
	}
	return n, nil
}
