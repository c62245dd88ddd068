package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smokegate/smokegate/harness/runbook"
)

var shopVars = []runbook.Variable{
	{Name: "SMOKE_SHOP_URL", Purpose: "the shop's front end", Kind: runbook.URL},
	{Name: "SMOKE_SHOP_PATH", Purpose: "the login path", Kind: runbook.URLPath, Default: "/login"},
	{Name: "SMOKE_SHOP_MODE", Purpose: "how it pays", Kind: runbook.Enum, Values: []string{"card", "invoice"}, Default: "card"},
	{Name: "SMOKE_SHOP_KEY", Purpose: "the shop's API key", Kind: runbook.Secret},
	{Name: "SMOKE_SHOP_DB", Purpose: "the shop's database", Kind: runbook.MongoURI},
	{Name: "SMOKE_SHOP_STRIPE", Purpose: "the shop's Stripe key", Kind: runbook.StripeTest},
	{Name: "SMOKE_SHOP_NOTE", Purpose: "a note", Kind: runbook.Text},
}

func loadShop(t *testing.T, env map[string]string) (*Config, error) {
	t.Helper()
	return Load(Source{Dir: t.TempDir(), Declared: shopVars,
		Lookup:  func(k string) (string, bool) { v, ok := env[k]; return v, ok },
		Environ: func() []string { return envList(env) }})
}

func envList(env map[string]string) []string {
	var out []string
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	return out
}

func TestDeclaredValues(t *testing.T) {
	c, err := loadShop(t, map[string]string{
		"SMOKE_SHOP_URL": "https://shop.example/", "SMOKE_SHOP_KEY": "key-0123456789",
		"SMOKE_SHOP_DB": "mongodb://u:pa55word9@db.example/x", "SMOKE_SHOP_MODE": "invoice",
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, want string }{
		{"SMOKE_SHOP_URL", "https://shop.example"}, // no trailing /
		{"SMOKE_SHOP_PATH", "/login"},              // the default
		{"SMOKE_SHOP_MODE", "invoice"},
		{"SMOKE_SHOP_KEY", ""}, // a secret only through Secret
		{"SMOKE_NOT_DECLARED", ""},
	} {
		if got := c.Get(tc.name); got != tc.want {
			t.Errorf("Get(%s) = %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := c.Secret("SMOKE_SHOP_KEY").Value(); got != "key-0123456789" {
		t.Errorf("Secret = %q", got)
	}
	if c.Secret("SMOKE_SHOP_URL").IsSet() {
		t.Error("Secret gave a variable that is not secret")
	}
	out := c.Redactor()("key-0123456789 and pa55word9 and https://shop.example")
	if strings.Contains(out, "key-0123456789") || strings.Contains(out, "pa55word9") || !strings.Contains(out, "shop.example") {
		t.Errorf("redacted: %q", out)
	}
}

func TestDeclaredRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"bad url", map[string]string{"SMOKE_SHOP_URL": "shop.example"}, "SMOKE_SHOP_URL is \"shop.example\", not an http(s) URL"},
		{"purpose in message", map[string]string{"SMOKE_SHOP_URL": "ftp://x"}, "(the shop's front end)"},
		{"bad path", map[string]string{"SMOKE_SHOP_PATH": "login"}, "a path starts with /"},
		{"bad enum", map[string]string{"SMOKE_SHOP_MODE": "cash"}, "use one of card, invoice"},
		{"bad mongo uri", map[string]string{"SMOKE_SHOP_DB": "postgres://x"}, "mongodb://"},
		{"live stripe key", map[string]string{"SMOKE_SHOP_STRIPE": "sk_live_abc"}, "live-mode key"},
		{"typo of a declared name", map[string]string{"SMOKE_SHOP_UR": "https://x"}, "did you mean SMOKE_SHOP_URL?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadShop(t, tc.env)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestDeclaredClashesWithHarness(t *testing.T) {
	_, err := Load(Source{Dir: t.TempDir(), Lookup: func(string) (string, bool) { return "", false },
		Declared: []runbook.Variable{{Name: "SMOKE_API_URL", Purpose: "again", Kind: runbook.URL}}})
	if err == nil || !strings.Contains(err.Error(), "harness's own variable") {
		t.Errorf("error %v", err)
	}
}

func TestDeclaredOverlay(t *testing.T) {
	c, err := loadShop(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Overlay(map[string]string{"SMOKE_SHOP_URL": "http://127.0.0.1:9/"}); err != nil {
		t.Fatal(err)
	}
	if got := c.Get("SMOKE_SHOP_URL"); got != "http://127.0.0.1:9" {
		t.Errorf("after Overlay: %q", got)
	}
	if err := c.Overlay(map[string]string{"SMOKE_SHOP_NOPE": "x"}); err == nil {
		t.Error("Overlay took an unknown name")
	}
}

// The runbook named first gives a shared name its default; another
// runbook's names are known (no typo error) and read too.
func TestRunbooksFolder(t *testing.T) {
	dir := t.TempDir()
	for name, decl := range map[string]string{
		"one": "  - {name: SMOKE_SHARED_PATH, purpose: p, kind: path, default: /one}",
		"two": "  - {name: SMOKE_SHARED_PATH, purpose: p, kind: path, default: /two}\n  - {name: SMOKE_TWO_ONLY, purpose: p}",
	} {
		text := "name: " + name + "\ntitle: T\nchecks:\n  - {test: up, funcs: [TestUp], budget: 5s}\nvariables:\n" + decl + "\n"
		if err := os.MkdirAll(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name, runbook.File), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ runbook, env, want string }{{"one", "", "/one"}, {"two", "", "/two"}, {"", "two", "/two"}} {
		env := map[string]string{"SMOKE_TWO_ONLY": "x"}
		if tc.env != "" {
			env["SMOKE_RUNBOOK"] = tc.env
		}
		c, err := Load(Source{Dir: t.TempDir(), Runbooks: dir, Runbook: tc.runbook,
			Lookup: func(k string) (string, bool) { v, ok := env[k]; return v, ok }, Environ: func() []string { return envList(env) }})
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Get("SMOKE_SHARED_PATH"); got != tc.want {
			t.Errorf("runbook %q, SMOKE_RUNBOOK %q: %q, want %q", tc.runbook, tc.env, got, tc.want)
		}
	}
}
