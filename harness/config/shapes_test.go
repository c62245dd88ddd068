package config

import (
	"encoding/json"
	"strings"
	"testing"
)

// Secrets the run mints or receives are masked by their form, and the same
// value always gets the same fingerprint.
func TestRedactShapes(t *testing.T) {
	const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlLXZhbHVl"
	tests := []struct {
		name, in, secret, kind string
	}{
		{"jwt in a failure text", "request failed: token " + jwt + " was refused", jwt, "jwt"},
		{"bearer header", "Authorization: Bearer opaque-token-0123456789", "opaque-token-0123456789", "header"},
		{"bearer in httpexpect's header dump", `"Authorization": ["Bearer opaque-token-0123456789"]`, "opaque-token-0123456789", "header"},
		{"cookie", "Cookie: next-auth.session-token=abcdef0123456789", "abcdef0123456789", "header"},
		{"stripe signature", "sig t=1700000000,v1=0123456789abcdef0123456789abcdef sent", "0123456789abcdef0123456789abcdef", "stripe-signature"},
		{"reset link", "https://dash.example/reset-password?token=Zx81-secret_token", "Zx81-secret_token", "param"},
		{"oauth state and nonce", "/authorize?client_id=x&state=st4te-value&nonce=n0nce-value", "st4te-value", "param"},
		{"login answer", `{"data":{"token":"opaque-login-token"}}`, "opaque-login-token", "json"},
		{"password in a request body", `{"email":"a@b","password":"hunter2-pass"}`, "hunter2-pass", "json"},
		{"url userinfo", "mailbox at https://smoke:mailpit-pass@mail.example/api", "mailpit-pass", "userinfo"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := RedactShapes(tc.in)
			if strings.Contains(got, tc.secret) {
				t.Fatalf("RedactShapes(%q) = %q: the secret is still there", tc.in, got)
			}
			if !strings.Contains(got, "«redacted:") {
				t.Errorf("RedactShapes(%q) = %q: no fingerprint", tc.in, got)
			}
			if again := RedactShapes(tc.in); again != got {
				t.Errorf("not stable: %q then %q", got, again)
			}
		})
	}
	keep := `{"error":{"code":"QUOTA_EXCEEDED"},"status":"ok"} GET /api/health 200 redirect_uri=https://dash.example/api/auth/callback/google`
	if got := RedactShapes(keep); got != keep {
		t.Errorf("RedactShapes changed text with no secret: %q", got)
	}
}

// Redacting JSON whose strings hold shapes (a HAR's bodies, escaped
// once more) leaves it valid JSON.
func TestRedactShapesKeepsJSON(t *testing.T) {
	for _, text := range []string{
		`<style nonce="54ed5445fc013a94">`, `see /reset?token="abc123456"`, `{"token":"opaque-login-token"}`,
		`"Cookie: sid=abcdef0123456789"`, `{"password":"hunter2\"pass"}`,
	} {
		b, _ := json.Marshal(map[string]string{"text": text})
		if got := RedactShapes(string(b)); !json.Valid([]byte(got)) {
			t.Errorf("RedactShapes(%s) = %s: no longer JSON", b, got)
		}
	}
}
