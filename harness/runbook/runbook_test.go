package runbook

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

const good = `name: shop
title: Shop
checks:
  - test: up
    funcs: [TestUp]
    budget: 5s
    needs: [SMOKE_API_URL]
    read_only: true
  - test: login
    funcs: [TestLogin, TestLogout]
    budget: 1m
    after: [up]
    needs: [SMOKE_API_URL]
    when:
      - if: SMOKE_SIGNUP_MODE=redirect
        needs: [SMOKE_TEST_EMAIL]
        read_only: true
`

type settings map[string]string

func (s settings) Setting(name string) string { return s[name] }

func write(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), File)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoad(t *testing.T) {
	rb, err := Load(write(t, good))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rb.Tests(), []string{"up", "login"}) || rb.Title != "Shop" {
		t.Errorf("tests %v, title %q", rb.Tests(), rb.Title)
	}
	login, ok := rb.Check("login")
	if !ok || time.Duration(login.Budget) != time.Minute || len(login.Funcs) != 2 || !slices.Equal(login.After, []string{"up"}) {
		t.Fatalf("login = %+v, %v", login, ok)
	}
	redirect := settings{"SMOKE_SIGNUP_MODE": "redirect"}
	if got := login.NeedsFor(redirect); !slices.Equal(got, []string{"SMOKE_API_URL", "SMOKE_TEST_EMAIL"}) {
		t.Errorf("needs in redirect mode = %v", got)
	}
	if got := login.NeedsFor(settings{}); !slices.Equal(got, []string{"SMOKE_API_URL"}) {
		t.Errorf("needs = %v", got)
	}
	if login.ReadOnlyFor(settings{}) || !login.ReadOnlyFor(redirect) {
		t.Error("login is read-only only in redirect mode")
	}
}

// A runbook with a mistake is refused with a message that names it.
func TestLoadRefuses(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"unknown key", strings.Replace(good, "budget: 5s", "budjet: 5s", 1), "field budjet not found"},
		{"bad budget", strings.Replace(good, "budget: 5s", "budget: soon", 1), `line 6: "soon" is not a positive duration`},
		{"bad limit", strings.Replace(good, "budget: 5s", "budget: 5s\n    limits: {health.response: never}", 1), `"never" is not a positive duration`},
		{"bad limit name", strings.Replace(good, "budget: 5s", "budget: 5s\n    limits: {Health Time: 5s}", 1), `limit "Health Time": want a dotted lower-case name`},
		{"no funcs", strings.Replace(good, "funcs: [TestUp]", "funcs: []", 1), "check up: no funcs"},
		{"twice", strings.Replace(good, "test: login", "test: up", 1), "test up is listed twice"},
		{"bad condition", strings.Replace(good, "if: SMOKE_SIGNUP_MODE=redirect", "if: redirect", 1), `when if "redirect": want NAME=value`},
		{"bad name", strings.Replace(good, "name: shop", "name: My Shop", 1), `name "My Shop"`},
		{"no checks", "name: shop\n", "no checks"},
		{"after itself", strings.Replace(good, "after: [up]", "after: [login]", 1), "check login: after login: a check cannot wait for itself"},
		{"after a later check", strings.Replace(good, "funcs: [TestUp]", "funcs: [TestUp]\n    after: [login]", 1), "check up: after login: login comes later in the runbook; list login before up"},
		{"after an unknown check", strings.Replace(good, "after: [up]", "after: [upp]", 1), `check login: after "upp": no such check in this runbook (up, login)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := write(t, tc.text)
			_, err := Load(path)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
				t.Errorf("Load = %v, want an error naming %s and %q", err, path, tc.want)
			}
		})
	}
	if _, err := Load(filepath.Join(t.TempDir(), File)); err == nil || !strings.Contains(err.Error(), "make build copies it") {
		t.Errorf("a missing file: %v", err)
	}
}
