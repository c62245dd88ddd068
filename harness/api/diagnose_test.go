package api

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// Errors that kept only their words (the browser's net::ERR_ codes, a
// database driver's summary) are classified as the typed ones are.
func TestDiagnoseWords(t *testing.T) {
	w := Where{Name: "dashboard", URL: "https://dash.example", Variable: "SMOKE_DASHBOARD_URL"}
	tests := []struct {
		err  string
		want Class // "": none
	}{
		{"page load error net::ERR_NAME_NOT_RESOLVED", DNS},
		{"page load error net::ERR_CONNECTION_REFUSED", Refused},
		{"page load error net::ERR_CERT_AUTHORITY_INVALID", TLSAuthority},
		{"page load error net::ERR_CERT_COMMON_NAME_INVALID", TLSName},
		{"page load error net::ERR_CERT_DATE_INVALID", TLSExpired},
		{"page load error net::ERR_SSL_PROTOCOL_ERROR", PlainHTTP},
		{"server selection error: server selection timeout, current topology: { ... }", Timeout},
		{"connection() error occurred during connection handshake: dial tcp 10.0.0.1:27017: connect: connection refused", Refused},
		{"the history table has 3 rows, want 21", ""},
	}
	for _, tc := range tests {
		err := fmt.Errorf("open /history: %w", errors.New(tc.err))
		d, ok := Diagnose(err, w)
		if got := d.Class; !ok && tc.want != "" || ok && got != tc.want {
			t.Errorf("Diagnose(%q) = %q, %v; want %q", tc.err, got, ok, tc.want)
		}
		if ok && (d.Cause == "" || d.Advice == "") {
			t.Errorf("Diagnose(%q) = %+v: no cause or advice", tc.err, d)
		}
		if tc.want == DNS && !strings.Contains(d.Advice, "SMOKE_DASHBOARD_URL") {
			t.Errorf("DNS advice %q does not name the variable", d.Advice)
		}
	}
}
