package dump

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func gz(t testing.TB, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// export is a small dump in the shape of an export: rows authors with
// per manuscripts each.
func export(rows, per int) string {
	var b strings.Builder
	b.WriteString("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n")
	b.WriteString("CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE);\n")
	b.WriteString("CREATE TABLE manuscripts (id TEXT PRIMARY KEY, author_id TEXT NOT NULL REFERENCES users(id), title TEXT NOT NULL);\n")
	for i := range rows {
		fmt.Fprintf(&b, "INSERT INTO users VALUES('u%d','author%d@example.com');\n", i, i)
		for j := range per {
			fmt.Fprintf(&b, "INSERT INTO manuscripts VALUES('m%d-%d','u%d','Chapter; the ''%d''th');\n", i, j, i, j)
		}
	}
	b.WriteString("COMMIT;\n")
	return b.String()
}

// onlyRestoreFiles fails when dir holds anything but the restored
// database and its journal.
func onlyRestoreFiles(t *testing.T, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if !strings.HasPrefix(e.Name(), File) {
			t.Errorf("the load left %s in its folder", e.Name())
		}
	}
}

// A realistic export loads, and in time: a few thousand rows well within
// the restore check's 20 s budget.
func TestLoadExport(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	dir := t.TempDir()
	r, err := Load(ctx, dir, gz(t, export(250, 10)), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var users, manuscripts int
	if err := r.DB.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM manuscripts)`).Scan(&users, &manuscripts); err != nil {
		t.Fatal(err)
	}
	if users != 250 || manuscripts != 2500 || r.Statements != 2755 {
		t.Errorf("restored %d users, %d manuscripts in %d statements, want 250, 2500 in 2755", users, manuscripts, r.Statements)
	}
	t.Logf("loaded %d rows (%d bytes of SQL) in %s", users+manuscripts, r.SQLBytes, r.Took)
	if r.Took > 5*time.Second {
		t.Errorf("the load took %s: too slow for a 20 s budget", r.Took)
	}
	onlyRestoreFiles(t, dir)
}

func TestLoadRefusesBadInput(t *testing.T) {
	valid := export(3, 2)
	tests := []struct {
		name string
		gz   func(t *testing.T) []byte
		max  int64
		want string
	}{
		{"empty", func(*testing.T) []byte { return nil }, 0, "it is empty"},
		{"not gzip", func(*testing.T) []byte { return []byte("INSERT INTO users VALUES(1);") }, 0, "not a readable gzip"},
		{"corrupt gzip", func(t *testing.T) []byte {
			b := gz(t, valid)
			b[len(b)/2] ^= 0xff
			return b
		}, 0, "corrupt gzip"},
		{"gzip cut short", func(t *testing.T) []byte { b := gz(t, valid); return b[:len(b)-10] }, 0, "corrupt gzip"},
		{"over the size cap", func(t *testing.T) []byte { return gz(t, valid) }, 100, "unpacks to more than the limit"},
		{"SQL cut short in a string", func(t *testing.T) []byte { return gz(t, valid[:len(valid)-40]) }, 0, "a string is never closed"},
		{"SQL cut short between statements", func(t *testing.T) []byte {
			return gz(t, strings.TrimSuffix(valid, "COMMIT;\n"))
		}, 0, "never committed: the export was cut short"},
		{"statement that fails", func(t *testing.T) []byte {
			return gz(t, "CREATE TABLE a (x);\nINSERT INTO b VALUES(1);\n")
		}, 0, "statement 2 (INSERT INTO b VALUES (): SQL logic error: no such table: b"},
		{"ATTACH", func(t *testing.T) []byte {
			return gz(t, valid+"ATTACH DATABASE 'elsewhere.db' AS e;\nCREATE TABLE e.x (y);\n")
		}, 0, "statement 15 (ATTACH DATABASE '…' AS e): refused: ATTACH"},
		{"VACUUM INTO", func(t *testing.T) []byte { return gz(t, valid+"VACUUM INTO 'copy.db';\n") }, 0, "refused: VACUUM"},
		{"readfile", func(t *testing.T) []byte {
			return gz(t, "CREATE TABLE a (x);\nINSERT INTO a SELECT readfile('/etc/hostname');\n")
		}, 0, "statement 2 (INSERT INTO a SELECT readfile): refused: it calls readfile()"},
		{"load_extension", func(t *testing.T) []byte {
			return gz(t, "CREATE TABLE a (x);\nINSERT INTO a VALUES (load_extension('x.so'));\n")
		}, 0, "refused: it calls load_extension()"},
		{"no statement", func(t *testing.T) []byte { return gz(t, "-- nothing\n") }, 0, "holds no statement"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			dir := t.TempDir()
			r, err := Load(ctx, dir, tc.gz(t), tc.max)
			if err == nil {
				r.Close()
				t.Fatalf("Load passed, want an error holding %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Load: %v\nwant an error holding %q", err, tc.want)
			}
			onlyRestoreFiles(t, dir)
		})
	}
}

// The size cap is ErrTooLarge, for errors.Is.
func TestGunzipTooLarge(t *testing.T) {
	_, err := Gunzip(context.Background(), gz(t, strings.Repeat("x", 5000)), 4096)
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("Gunzip: %v, want ErrTooLarge", err)
	}
}

// The deadline stops an unpack or a load with an error that says so,
// never a hang.
func TestLoadDeadline(t *testing.T) {
	body := gz(t, export(200, 10))
	t.Run("already over", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := Load(ctx, t.TempDir(), body, 0)
		if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "stopped") {
			t.Errorf("Load: %v, want stopped: context canceled", err)
		}
	})
	t.Run("during the load", func(t *testing.T) {
		text, err := Gunzip(context.Background(), gz(t, export(2000, 10)), 0)
		if err != nil {
			t.Fatal(err)
		}
		// The deadline falls once the load has asked the context a few
		// hundred times: mid-load on any machine, whatever its speed.
		_, err = LoadSQL(newEndsAfter(300), t.TempDir(), text)
		if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "stopped") {
			t.Errorf("LoadSQL: %v, want stopped: context deadline exceeded", err)
		}
	})
}

// ATTACH is off in the engine too: a statement the splitter got wrong
// still cannot open a second file.
func TestEngineRefusesAttach(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := open(ctx, dir+"/"+File)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "ATTACH DATABASE '"+dir+"/other.db' AS o"); err == nil {
		t.Error("ATTACH ran on the restore's connection")
	}
	onlyRestoreFiles(t, dir)
}

// The restored schema and counts read back what the export made.
func TestRestoredSchemaAndCount(t *testing.T) {
	ctx := context.Background()
	r, err := Load(ctx, t.TempDir(), gz(t, export(4, 3)+"CREATE TABLE _cf_KV (key TEXT);\n"), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	schema, err := r.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(schema); got != "map[manuscripts:[id author_id title] users:[id email]]" {
		t.Errorf("Schema = %s", got)
	}
	if n, err := r.Count(ctx, `SELECT COUNT(*) FROM manuscripts`); n != 12 || err != nil {
		t.Errorf("Count = %d, %v; want 12", n, err)
	}
}

// endsAfter is a context whose deadline passes at its n-th Err call.
type endsAfter struct {
	context.Context
	left atomic.Int64
	once sync.Once
	done chan struct{}
}

func newEndsAfter(n int64) *endsAfter {
	c := &endsAfter{Context: context.Background(), done: make(chan struct{})}
	c.left.Store(n)
	return c
}

func (c *endsAfter) Done() <-chan struct{} { return c.done }

func (c *endsAfter) Err() error {
	if c.left.Add(-1) > 0 {
		return nil
	}
	c.once.Do(func() { close(c.done) })
	return context.DeadlineExceeded
}
