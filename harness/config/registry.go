package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// MinRegistered is the shortest value a Registry keeps: a shorter one
// (a status word, a digit) would mask ordinary text everywhere.
const MinRegistered = 8

// Registry holds the secrets a run mints or receives (a JWT it signs, the
// login answer's token, a reset link, an OAuth state, a session cookie, a
// webhook signature, a password it made up), so that the redactor masks
// them by value wherever they turn up, even where no shape gives them
// away. The harness registers each one as it is created or read, and its
// redactor runs Redact before the configured secrets and the shapes.
//
// Every process has its own registry: a test binary redacts what it
// writes with its own, so each text it hands the gate is already clean,
// and the gate never needs the values. With a ledger (SMOKE_SECRET_LEDGER,
// for the project's own canary test only) each new value is also appended
// to that file, so a test can search the reports for it.
type Registry struct {
	mu      sync.Mutex
	kinds   map[string]string // value as registered → kind
	forms   map[string]string // every written form of a value → its mask
	order   []string          // forms, longest first, so no mask splits a longer one
	ledger  string
	ledgErr error
}

// LedgerEntry is one line of the ledger file: a JSON object.
type LedgerEntry struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

// NewRegistry returns an empty registry; ledger, when not empty, is the
// file each new value is appended to.
func NewRegistry(ledger string) *Registry {
	return &Registry{kinds: map[string]string{}, forms: map[string]string{}, ledger: ledger}
}

// Add registers value as a secret of kind ("jwt", "reset-token", ...).
// Values shorter than MinRegistered and masks are ignored.
func (r *Registry) Add(kind, value string) {
	if r == nil || len(value) < MinRegistered || isMask(value) {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.kinds[value]; ok {
		return
	}
	r.kinds[value] = kind
	m := fingerprint(kind, value)
	for _, f := range []string{value, url.QueryEscape(value), url.PathEscape(value), jsonEscape(value)} {
		if _, ok := r.forms[f]; !ok {
			r.forms[f] = m
			r.order = append(r.order, f)
		}
	}
	sort.SliceStable(r.order, func(i, j int) bool { return len(r.order[i]) > len(r.order[j]) })
	r.appendLedger(kind, value)
}

// Redact replaces every registered value in s, in any of its written
// forms (as is, URL-escaped, JSON-escaped), with «redacted:kind:fingerprint».
func (r *Registry) Redact(s string) string {
	if r == nil {
		return s
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, f := range r.order {
		if strings.Contains(s, f) {
			s = strings.ReplaceAll(s, f, r.forms[f])
		}
	}
	return s
}

// Len is how many values are registered.
func (r *Registry) Len() int {
	if r == nil {
		return 0
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.kinds)
}

// LedgerErr is the first failure to append to the ledger, if any.
func (r *Registry) LedgerErr() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.ledgErr
}

// appendLedger writes one line in a single write, so the lines of test
// binaries running at once do not interleave.
func (r *Registry) appendLedger(kind, value string) {
	if r.ledger == "" || r.ledgErr != nil {
		return
	}
	line, _ := json.Marshal(LedgerEntry{Kind: kind, Value: value})
	f, err := os.OpenFile(r.ledger, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err == nil {
		_, err = f.Write(append(line, '\n'))
		err = errors.Join(err, f.Close())
	}
	if err != nil {
		r.ledgErr = fmt.Errorf("append to SMOKE_SECRET_LEDGER: %w", err)
	}
}

// ReadLedger reads the values a ledger file holds.
func ReadLedger(path string) ([]LedgerEntry, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read SMOKE_SECRET_LEDGER %s: %w", path, err)
	}
	var out []LedgerEntry
	for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if line == "" {
			continue
		}
		var e LedgerEntry
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			return nil, fmt.Errorf("SMOKE_SECRET_LEDGER %s line %d: %w", path, i+1, err)
		}
		out = append(out, e)
	}
	return out, nil
}

func jsonEscape(v string) string {
	b, _ := json.Marshal(v)
	return string(b[1 : len(b)-1])
}

// CheckLedger refuses a ledger inside the report folder: the ledger holds
// the raw values, and the reports are uploaded where many can read them.
// Both paths are absolute.
func CheckLedger(ledger, reportDir string) error {
	if ledger == "" {
		return nil
	}
	if !filepath.IsAbs(ledger) {
		return fmt.Errorf("SMOKE_SECRET_LEDGER is %q; give an absolute path (it is for the project's own tests)", ledger)
	}
	if rel, err := filepath.Rel(reportDir, ledger); err == nil && rel != ".." && !strings.HasPrefix(rel, "../") {
		return fmt.Errorf("SMOKE_SECRET_LEDGER %s is inside the report folder %s, which is uploaded: put it outside", ledger, reportDir)
	}
	return nil
}
