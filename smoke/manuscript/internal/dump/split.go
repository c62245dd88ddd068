package dump

import (
	"fmt"
	"strings"
)

// Statement is one statement of a dump: its number (from 1) and its text
// without the closing semicolon.
type Statement struct {
	N    int
	Text string
	toks []token
}

// token is a word, a quoted name or a single punctuation character of a
// statement, outside strings and comments. Quoted names keep their quotes
// off: SQLite reads "readfile" as the name readfile.
type token struct {
	text   string
	quoted bool
	str    bool // a string literal, whose text is not kept
}

// Split cuts SQL text into statements the way SQLite's parser would: a
// semicolon ends a statement unless it is in a string, a quoted name or a
// comment, or inside a CREATE TRIGGER body before its END. Empty
// statements are dropped. Text that ends inside a string, a quoted name
// or a block comment is an error naming the statement.
func Split(sql string) ([]Statement, error) {
	var out []Statement
	sc := scanner{src: sql}
	start := 0
	for {
		toks, end, done, err := sc.statement()
		if err != nil {
			return out, fmt.Errorf("statement %d: %w", len(out)+1, err)
		}
		if len(toks) > 0 {
			// SQLite's blanks are ASCII only: trim those alone, so a
			// statement of other spaces (U+2000) keeps its text
			out = append(out, Statement{N: len(out) + 1, Text: strings.Trim(sql[start:end], blanks), toks: toks})
		}
		start = sc.pos
		if done {
			return out, nil
		}
	}
}

// blanks are the bytes SQLite skips between tokens.
const blanks = " \t\n\r\f\v"

// scanner walks the text; pos is the next byte to read.
type scanner struct {
	src string
	pos int
}

// statement reads up to the next top-level semicolon (or the end) and
// returns the statement's tokens and where its text ends.
func (sc *scanner) statement() (toks []token, end int, done bool, err error) {
	trigger := false
	for {
		tok, ok, err := sc.next()
		if err != nil {
			return toks, sc.pos, true, err
		}
		if !ok {
			return toks, len(sc.src), true, nil
		}
		if tok.text == ";" && !tok.quoted {
			if !trigger || (len(toks) > 0 && strings.EqualFold(toks[len(toks)-1].text, "END") && !toks[len(toks)-1].quoted) {
				return toks, sc.pos - 1, false, nil
			}
		}
		toks = append(toks, tok)
		if len(toks) <= 4 && isTrigger(toks) {
			trigger = true
		}
	}
}

// isTrigger: the statement starts CREATE [TEMP|TEMPORARY] TRIGGER.
func isTrigger(toks []token) bool {
	if len(toks) < 2 || !word(toks[0], "CREATE") {
		return false
	}
	if word(toks[1], "TRIGGER") {
		return true
	}
	return len(toks) > 2 && (word(toks[1], "TEMP") || word(toks[1], "TEMPORARY")) && word(toks[2], "TRIGGER")
}

func word(t token, w string) bool { return !t.quoted && strings.EqualFold(t.text, w) }

// next returns the next token, skipping blanks, comments and string
// literals (a string is returned as the token "'" so that it counts as
// something but matches no word).
func (sc *scanner) next() (token, bool, error) {
	for sc.pos < len(sc.src) {
		c := sc.src[sc.pos]
		switch {
		case strings.IndexByte(blanks, c) >= 0:
			sc.pos++
		case strings.HasPrefix(sc.src[sc.pos:], "--"):
			if i := strings.IndexByte(sc.src[sc.pos:], '\n'); i >= 0 {
				sc.pos += i + 1
			} else {
				sc.pos = len(sc.src)
			}
		case strings.HasPrefix(sc.src[sc.pos:], "/*"):
			i := strings.Index(sc.src[sc.pos+2:], "*/")
			if i < 0 {
				sc.pos = len(sc.src)
				return token{}, false, fmt.Errorf("a /* comment is never closed")
			}
			sc.pos += i + 4
		case c == '\'':
			if _, err := sc.quoted('\'', '\''); err != nil {
				return token{}, false, fmt.Errorf("a string is never closed: %w", err)
			}
			return token{text: "'", quoted: true, str: true}, true, nil
		case c == '"' || c == '`' || c == '[':
			closer := c
			if c == '[' {
				closer = ']'
			}
			name, err := sc.quoted(c, closer)
			if err != nil {
				return token{}, false, fmt.Errorf("a quoted name is never closed: %w", err)
			}
			return token{text: name, quoted: true}, true, nil
		case isWordByte(c):
			i := sc.pos
			for sc.pos < len(sc.src) && isWordByte(sc.src[sc.pos]) {
				sc.pos++
			}
			return token{text: sc.src[i:sc.pos]}, true, nil
		default:
			sc.pos++
			return token{text: string(c)}, true, nil
		}
	}
	return token{}, false, nil
}

// quoted reads a quoted run from its opening character; a doubled closer
// stands for itself (except in [names], which have no escape).
func (sc *scanner) quoted(open, closer byte) (string, error) {
	start := sc.pos
	var b strings.Builder
	sc.pos++
	for sc.pos < len(sc.src) {
		c := sc.src[sc.pos]
		sc.pos++
		if c != closer {
			b.WriteByte(c)
			continue
		}
		if open != '[' && sc.pos < len(sc.src) && sc.src[sc.pos] == closer {
			b.WriteByte(c)
			sc.pos++
			continue
		}
		return b.String(), nil
	}
	return "", fmt.Errorf("opened at byte %d", start)
}

// isWordByte: letters, digits, _, $ and every byte of a multi-byte UTF-8
// character, as SQLite's tokenizer takes them into identifiers.
func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}
