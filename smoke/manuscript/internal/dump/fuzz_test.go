package dump

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var seeds = []string{
	"CREATE TABLE a (x);\nINSERT INTO a VALUES('x;y');\n",
	"CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = 1; END;",
	"-- c;\n/* d; */ SELECT \"q;\"; SELECT [b;]; SELECT `c;`",
	"ATTACH 'x.db' AS x; CREATE TABLE x.t (y);",
	"VACUUM INTO 'copy.db';",
	"INSERT INTO a SELECT readfile('/etc/hostname');",
	"PRAGMA journal_mode=WAL; PRAGMA foreign_keys=OFF;",
	"INSERT INTO a VALUES('cut",
	"BEGIN; CREATE TABLE a (x);",
	"\u2000", // a space SQLite does not skip: a statement, not a blank
}

// Split never panics; every statement it returns is non-empty text of
// the input, numbered in order, and splits again into itself.
func FuzzSplit(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		stmts, err := Split(sql)
		if err != nil {
			return
		}
		for i, st := range stmts {
			if st.N != i+1 || st.Text == "" || !strings.Contains(sql, st.Text) {
				t.Fatalf("statement %d = %+v, from %q", i+1, st, sql)
			}
			again, err := Split(st.Text)
			if err != nil || len(again) != 1 || again[0].Text != st.Text {
				t.Fatalf("statement %q splits again into %d statements (%v)", st.Text, len(again), err)
			}
		}
	})
}

// Load never panics, never runs past its deadline, and writes nothing
// but the restored database in its folder: the folder's parent holds
// only the folder afterwards.
func FuzzLoad(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "restore")
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		start := time.Now()
		r, err := Load(ctx, dir, gz(t, sql), 1<<20)
		if err == nil {
			r.Close()
		}
		if took := time.Since(start); took > 4*time.Second {
			t.Fatalf("Load took %s with a 2 s deadline", took)
		}
		if ents, _ := os.ReadDir(parent); len(ents) != 1 {
			t.Fatalf("the load wrote beside its folder: %v", ents)
		}
		onlyRestoreFiles(t, dir)
	})
}
