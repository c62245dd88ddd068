package dump

import (
	"slices"
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		want []string
	}{
		{"two statements", "CREATE TABLE a (x);\nINSERT INTO a VALUES(1);\n", []string{"CREATE TABLE a (x)", "INSERT INTO a VALUES(1)"}},
		{"no closing semicolon", "SELECT 1", []string{"SELECT 1"}},
		{"empty statements dropped", ";; ;\nSELECT 1;;", []string{"SELECT 1"}},
		{"semicolon in a string", "INSERT INTO a VALUES('x;y');SELECT 2;", []string{"INSERT INTO a VALUES('x;y')", "SELECT 2"}},
		{"doubled quote in a string", "INSERT INTO a VALUES('it''s;');", []string{"INSERT INTO a VALUES('it''s;')"}},
		{"semicolon in quoted names", "CREATE TABLE \"a;b\" ([c;d], `e;f`);", []string{"CREATE TABLE \"a;b\" ([c;d], `e;f`)"}},
		{"line comment", "-- a comment; not a statement\nSELECT 1; -- trailing;\n", []string{"-- a comment; not a statement\nSELECT 1"}},
		{"comment only", "-- nothing here;\n/* nor; here */", nil},
		{"block comment", "SELECT /* ; */ 1;", []string{"SELECT /* ; */ 1"}},
		{"trigger body", "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = 1; DELETE FROM a; END; SELECT 1;",
			[]string{"CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = 1; DELETE FROM a; END", "SELECT 1"}},
		{"temp trigger", "CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END;", []string{"CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END"}},
		{"utf-8 text", "INSERT INTO a VALUES('Ærø; 日本');", []string{"INSERT INTO a VALUES('Ærø; 日本')"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stmts, err := Split(tc.sql)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for i, st := range stmts {
				if st.N != i+1 {
					t.Errorf("statement %d numbered %d", i+1, st.N)
				}
				got = append(got, st.Text)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Split = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSplitUnclosed(t *testing.T) {
	tests := []struct{ name, sql, want string }{
		{"string", "SELECT 1; INSERT INTO a VALUES('cut sh", "statement 2: a string is never closed"},
		{"quoted name", `SELECT 1; SELECT "ab`, "statement 2: a quoted name is never closed"},
		{"bracket name", `SELECT [ab`, "statement 1: a quoted name is never closed"},
		{"block comment", "SELECT 1; /* open", "statement 2: a /* comment is never closed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Split(tc.sql)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Split: %v, want an error holding %q", err, tc.want)
			}
		})
	}
}

func TestVet(t *testing.T) {
	tests := []struct{ name, sql, want string }{
		{"create table", "CREATE TABLE a (x TEXT)", ""},
		{"insert", "INSERT INTO a VALUES('ATTACH DATABASE')", ""},
		{"foreign keys pragma", "PRAGMA foreign_keys=OFF", ""},
		{"defer pragma", "PRAGMA main.defer_foreign_keys = TRUE", ""},
		{"fts5 table", "CREATE VIRTUAL TABLE f USING fts5(body)", ""},
		{"column named edit", "CREATE TABLE e (edit TEXT)", ""},
		{"attach", "ATTACH DATABASE '/tmp/x.db' AS x", "refused: ATTACH opens"},
		{"attach lower case", "attach 'x.db' as x", "refused: ATTACH opens"},
		{"detach", "DETACH x", "refused: DETACH"},
		{"vacuum into", "VACUUM INTO '/tmp/copy.db'", "refused: VACUUM"},
		{"load_extension", "SELECT load_extension('/tmp/evil.so')", "refused: SELECT is no statement"},
		{"load_extension in insert", "INSERT INTO a VALUES(load_extension('/tmp/evil.so'))", "refused: it calls load_extension()"},
		{"readfile", "INSERT INTO a SELECT readfile('/etc/passwd')", "refused: it calls readfile()"},
		{"writefile quoted", `INSERT INTO a SELECT "writefile"('/tmp/x', 'y')`, "refused: it calls writefile()"},
		{"fsdir in a view", "CREATE VIEW v AS SELECT * FROM fsdir('/')", "refused: it calls fsdir()"},
		{"file pragma", "PRAGMA journal_mode=WAL", "refused: PRAGMA journal_mode is not one"},
		{"schema file pragma", "PRAGMA main.wal_checkpoint", "refused: PRAGMA wal_checkpoint"},
		{"other virtual table", "CREATE VIRTUAL TABLE c USING csv(filename='/etc/passwd')", "refused: a virtual table of module csv"},
		{"select", "SELECT 1", "refused: SELECT is no statement an export holds"},
		{"quoted start", `"x"`, "refused: it does not start with a keyword"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stmts, err := Split("SELECT 0;\n" + tc.sql)
			if err != nil || len(stmts) != 2 {
				t.Fatalf("Split: %d statements, %v", len(stmts), err)
			}
			err = vet(stmts[1])
			if tc.want == "" {
				if err != nil {
					t.Errorf("vet: %v, want none", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "statement 2 (") {
				t.Errorf("vet: %v, want an error naming statement 2 and holding %q", err, tc.want)
			}
		})
	}
}

// A refused statement's message shows its first words, never its data.
func TestHeadHidesData(t *testing.T) {
	stmts, _ := Split("ATTACH 'secret-path-x9' AS y")
	err := vet(stmts[0])
	if err == nil || strings.Contains(err.Error(), "secret-path-x9") || !strings.Contains(err.Error(), "ATTACH '…' AS y") {
		t.Errorf("vet: %v, want the statement's words with its string hidden", err)
	}
}
