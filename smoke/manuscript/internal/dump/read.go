package dump

import (
	"context"
	"fmt"
)

// Schema reads the restored tables and their columns in order, SQLite's
// own tables and D1's (_cf_*) left out, as the restore drill reads the
// live database's.
func (r *Restored) Schema(ctx context.Context) (map[string][]string, error) {
	rows, err := r.DB.QueryContext(ctx, `SELECT m.name, p.name FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND m.name NOT LIKE '\_cf\_%' ESCAPE '\'
		ORDER BY m.name, p.cid`)
	if err != nil {
		return nil, fmt.Errorf("read the restored schema: %w", err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var tbl, col string
		if err := rows.Scan(&tbl, &col); err != nil {
			return nil, fmt.Errorf("read the restored schema: %w", err)
		}
		out[tbl] = append(out[tbl], col)
	}
	return out, rows.Err()
}

// Count runs a statement that answers one number, such as COUNT(*).
func (r *Restored) Count(ctx context.Context, stmt string) (int64, error) {
	var n int64
	if err := r.DB.QueryRowContext(ctx, stmt).Scan(&n); err != nil {
		return 0, fmt.Errorf("%s: %w", stmt, err)
	}
	return n, nil
}
