package dump

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"modernc.org/sqlite"
)

// DefaultMaxSQL bounds what Load unpacks of an export.
const DefaultMaxSQL = 256 << 20

// ErrTooLarge is an export that unpacks to more than its limit.
var ErrTooLarge = errors.New("the export unpacks to more than the limit")

// File is the restored database's name in its folder.
const File = "restore.db"

// Restored is a database loaded from an export.
type Restored struct {
	DB         *sql.DB
	Path       string        // dir/restore.db
	Statements int           // how many statements ran
	SQLBytes   int           // the unpacked export's size
	Took       time.Duration // unpacking and loading
}

// Close closes the database; its folder is the caller's to remove.
func (r *Restored) Close() error { return r.DB.Close() }

// Load unpacks a gzip export (at most max bytes of SQL; 0 means
// DefaultMaxSQL) and loads it into a new SQLite file in dir, statement by
// statement, until ctx ends. On error nothing is left open.
func Load(ctx context.Context, dir string, gz []byte, max int64) (*Restored, error) {
	start := time.Now()
	text, err := Gunzip(ctx, gz, max)
	if err != nil {
		return nil, err
	}
	r, err := LoadSQL(ctx, dir, text)
	if r != nil {
		r.Took = time.Since(start)
	}
	return r, err
}

// Gunzip unpacks an export; more than max bytes (0: DefaultMaxSQL) is
// ErrTooLarge, and an empty or corrupt gzip an error that says so.
func Gunzip(ctx context.Context, gz []byte, max int64) (string, error) {
	if max <= 0 {
		max = DefaultMaxSQL
	}
	if len(gz) == 0 {
		return "", errors.New("unpack the export: it is empty")
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return "", fmt.Errorf("unpack the export: not a readable gzip: %w", err)
	}
	var out bytes.Buffer
	buf := make([]byte, 1<<20)
	for {
		if err := ctx.Err(); err != nil {
			return "", fmt.Errorf("unpack the export: stopped after %d bytes: %w", out.Len(), err)
		}
		n, err := zr.Read(buf)
		out.Write(buf[:n])
		if int64(out.Len()) > max {
			return "", fmt.Errorf("unpack the export: %w of %d bytes", ErrTooLarge, max)
		}
		if errors.Is(err, io.EOF) {
			return out.String(), nil
		}
		if err != nil {
			return "", fmt.Errorf("unpack the export: corrupt gzip after %d bytes: %w", out.Len(), err)
		}
	}
}

// LoadSQL loads unpacked SQL into a new SQLite file in dir. Every
// statement is vetted first: a refused one stops the load before anything
// runs. The export must close every transaction it opens (one left open
// is an export cut short).
func LoadSQL(ctx context.Context, dir, text string) (*Restored, error) {
	start := time.Now()
	stmts, err := Split(text)
	if err != nil {
		return nil, fmt.Errorf("read the export: %w", err)
	}
	if len(stmts) == 0 {
		return nil, errors.New("read the export: it holds no statement")
	}
	for _, st := range stmts {
		if err := vet(st); err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("load the export: stopped after reading its %d statements: %w", len(stmts), err)
	}
	r := &Restored{Path: filepath.Join(dir, File), SQLBytes: len(text)}
	if r.DB, err = open(ctx, r.Path); err != nil {
		return nil, err
	}
	if err := run(ctx, r.DB, stmts); err != nil {
		r.DB.Close()
		return nil, err
	}
	r.Statements, r.Took = len(stmts), time.Since(start)
	return r, nil
}

// open makes the database file with what keeps it to one file (journal
// and temporary tables in memory) and no way to attach another.
func open(ctx context.Context, path string) (*sql.DB, error) {
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("open %s: the folder's name has ? or #", path)
	}
	db, err := sql.Open("sqlite", path+"?_pragma=journal_mode(memory)&_pragma=temp_store(memory)&_pragma=synchronous(off)&_pragma=trusted_schema(off)")
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	c, err := db.Conn(ctx)
	if err == nil {
		const limitAttached = 7 // SQLITE_LIMIT_ATTACHED
		_, err = sqlite.Limit(c, limitAttached, 0)
		c.Close()
	}
	if err != nil {
		db.Close()
		if ctx.Err() != nil {
			return nil, fmt.Errorf("open %s: stopped: %w", path, ctx.Err())
		}
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

// run executes the statements in order on one connection.
func run(ctx context.Context, db *sql.DB, stmts []Statement) error {
	c, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("load the export: %w", err)
	}
	defer c.Close()
	open := 0 // the statement that opened the transaction still open
	for _, st := range stmts {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("load the export: stopped before statement %d of %d: %w", st.N, len(stmts), err)
		}
		if _, err := c.ExecContext(ctx, st.Text); err != nil {
			if ctx.Err() != nil {
				err = fmt.Errorf("stopped at statement %d of %d: %w", st.N, len(stmts), ctx.Err())
			}
			return &StatementError{N: st.N, Head: head(st.toks), Err: err}
		}
		switch kw := strings.ToUpper(st.toks[0].text); {
		case kw == "BEGIN":
			open = st.N
		case kw == "COMMIT" || kw == "END" || (kw == "ROLLBACK" && (len(st.toks) < 2 || !word(st.toks[1], "TO"))):
			open = 0
		}
	}
	if open != 0 {
		return fmt.Errorf("load the export: the transaction begun at statement %d is never committed: the export was cut short", open)
	}
	return nil
}
