package config

import (
	"path/filepath"
	"strings"
	"testing"
)

// A registered value is masked in every written form, with the same
// fingerprint each time; short values are not registered.
func TestRegistryRedacts(t *testing.T) {
	const value = "opaque reset/token+42"
	reg := NewRegistry(filepath.Join(t.TempDir(), "ledger"))
	reg.Add("reset-token", value)
	reg.Add("short", "abc")
	tests := []struct{ name, in string }{
		{"as is", "the token " + value + " was sent"},
		{"in a query", "https://dash.example/reset?token=opaque+reset%2Ftoken%2B42"},
		{"in a path", "/reset/opaque%20reset%2Ftoken+42"},
		{"in JSON", `{"note":"opaque reset\/token+42"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := strings.ReplaceAll(tc.in, `\/`, "/")
			got := reg.Redact(in)
			if strings.Contains(got, "token+42") || strings.Contains(got, "token%2B42") {
				t.Fatalf("Redact(%q) = %q: the value is still there", in, got)
			}
			if !strings.Contains(got, fingerprint("reset-token", value)) {
				t.Errorf("Redact(%q) = %q, want the fingerprint %s", in, got, fingerprint("reset-token", value))
			}
		})
	}
	if got := reg.Redact("abc and more"); got != "abc and more" {
		t.Errorf("a 3-character value was registered: %q", got)
	}
	if reg.Len() != 1 {
		t.Errorf("Len() = %d, want 1", reg.Len())
	}
}

// Each registered value reaches the ledger once, and a ledger inside the
// report folder is refused.
func TestLedger(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ledger")
	reg := NewRegistry(path)
	for _, v := range []string{"first-secret-1", "second-secret-2", "first-secret-1"} {
		reg.Add("kind", v)
	}
	got, err := ReadLedger(path)
	if err != nil || reg.LedgerErr() != nil {
		t.Fatal(err, reg.LedgerErr())
	}
	if len(got) != 2 || got[0].Value != "first-secret-1" || got[1].Value != "second-secret-2" {
		t.Errorf("ledger = %+v, want the two values once each", got)
	}
	reports := filepath.Join(dir, "reports")
	for _, tc := range []struct {
		ledger string
		ok     bool
	}{{"", true}, {path, true}, {filepath.Join(reports, "x", "ledger"), false}, {"relative", false}, {reports + "-ledger", true}} {
		if err := CheckLedger(tc.ledger, reports); (err == nil) != tc.ok {
			t.Errorf("CheckLedger(%q) = %v, want ok %v", tc.ledger, err, tc.ok)
		}
	}
}
