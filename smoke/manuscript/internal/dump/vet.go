package dump

import (
	"fmt"
	"slices"
	"strings"
)

// StatementError is a statement of the dump that was refused before it
// ran (Refused says why) or that SQLite could not run (Err).
type StatementError struct {
	N       int    // the statement's number, from 1
	Head    string // its first words, without data: "INSERT INTO users VALUES"
	Refused string
	Err     error
}

func (e *StatementError) Error() string {
	if e.Refused != "" {
		return fmt.Sprintf("statement %d (%s): refused: %s", e.N, e.Head, e.Refused)
	}
	return fmt.Sprintf("statement %d (%s): %v", e.N, e.Head, e.Err)
}

func (e *StatementError) Unwrap() error { return e.Err }

// kinds are the statements an export holds, by first word; any other is
// refused. ATTACH, DETACH and VACUUM get their own reasons.
var kinds = []string{"CREATE", "INSERT", "REPLACE", "DELETE", "UPDATE", "BEGIN", "COMMIT", "END", "ROLLBACK",
	"SAVEPOINT", "RELEASE", "PRAGMA", "ANALYZE"}

// pragmas a dump may set: none of them touches a file.
var pragmas = []string{"foreign_keys", "defer_foreign_keys", "recursive_triggers", "user_version", "application_id"}

// fileFuncs read or write files, or load code, when the SQLite build has them.
var fileFuncs = []string{"load_extension", "readfile", "writefile", "fsdir", "lsmode", "edit"}

// modules are the virtual table modules a dump may create: none reads a file.
var modules = []string{"fts3", "fts4", "fts5", "rtree"}

// vet refuses a statement that could reach a file other than the
// restored database, or that an export never holds.
func vet(st Statement) error {
	if why := refusal(st.toks); why != "" {
		return &StatementError{N: st.N, Head: head(st.toks), Refused: why}
	}
	return nil
}

func refusal(toks []token) string {
	if len(toks) == 0 {
		return ""
	}
	first := strings.ToUpper(toks[0].text)
	switch {
	case toks[0].quoted:
		return "it does not start with a keyword"
	case first == "ATTACH" || first == "DETACH":
		return first + " opens or closes another database file; a restore stays in its own"
	case first == "VACUUM":
		return "VACUUM (INTO writes a copy of the database to a file); a restore has no use for it"
	case !slices.Contains(kinds, first):
		return first + " is no statement an export holds"
	case first == "PRAGMA":
		if name := pragmaName(toks); !slices.Contains(pragmas, strings.ToLower(name)) {
			return fmt.Sprintf("PRAGMA %s is not one an export needs (allowed: %s)", name, strings.Join(pragmas, ", "))
		}
	}
	for i, t := range toks {
		if slices.Contains(fileFuncs, strings.ToLower(t.text)) && i+1 < len(toks) && toks[i+1].text == "(" && !toks[i+1].quoted {
			return fmt.Sprintf("it calls %s(), which reaches files or loads code", strings.ToLower(t.text))
		}
		if word(t, "USING") && i >= 2 && word(toks[1], "VIRTUAL") && i+1 < len(toks) &&
			!slices.Contains(modules, strings.ToLower(toks[i+1].text)) {
			return fmt.Sprintf("a virtual table of module %s (allowed: %s)", toks[i+1].text, strings.Join(modules, ", "))
		}
	}
	return ""
}

// pragmaName is the name in PRAGMA [schema.]name[=value].
func pragmaName(toks []token) string {
	if len(toks) > 3 && toks[2].text == "." && !toks[2].quoted {
		return toks[3].text
	}
	if len(toks) > 1 {
		return toks[1].text
	}
	return ""
}

// head shows a statement's first words, its strings as '…': enough to
// find it, none of its data.
func head(toks []token) string {
	var words []string
	for _, t := range toks[:min(len(toks), 5)] {
		switch {
		case t.str:
			words = append(words, "'…'")
		case t.quoted:
			words = append(words, `"`+t.text+`"`)
		default:
			words = append(words, t.text)
		}
	}
	h := strings.Join(words, " ")
	if len(h) > 80 {
		h = h[:77] + "..."
	}
	return h
}
