package runbook

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const withVars = good + `variables:
  - name: SMOKE_SHOP_URL
    purpose: the shop
    kind: url
  - name: SMOKE_SHOP_MODE
    purpose: how
    kind: enum
    values: [a, b]
    default: a
  - name: SMOKE_SHOP_KEY
    purpose: the key
    kind: secret
`

func TestVariables(t *testing.T) {
	rb, err := Parse([]byte(withVars))
	if err != nil {
		t.Fatal(err)
	}
	if len(rb.Variables) != 3 || rb.Variables[0].Kind != URL || !rb.Variables[2].IsSecret() || rb.Variables[1].IsSecret() {
		t.Errorf("variables = %+v", rb.Variables)
	}
}

func TestVariablesRefused(t *testing.T) {
	for _, tc := range []struct{ name, decl, want string }{
		{"lower-case name", "  - {name: smoke_x, purpose: p}", "want SMOKE_"},
		{"no prefix", "  - {name: SHOP_URL, purpose: p}", "want SMOKE_"},
		{"twice", "  - {name: SMOKE_X, purpose: p}\n  - {name: SMOKE_X, purpose: p}", "declared twice"},
		{"no purpose", "  - {name: SMOKE_X}", "no purpose"},
		{"unknown kind", "  - {name: SMOKE_X, purpose: p, kind: number}", `kind "number"`},
		{"enum without values", "  - {name: SMOKE_X, purpose: p, kind: enum}", "needs values"},
		{"enum default outside", "  - {name: SMOKE_X, purpose: p, kind: enum, values: [a], default: b}", "default among them"},
		{"values on text", "  - {name: SMOKE_X, purpose: p, values: [a]}", "enum only"},
		{"secret default", "  - {name: SMOKE_X, purpose: p, kind: secret, default: hunter22}", "no default"},
		{"unknown key", "  - {name: SMOKE_X, purpose: p, secret: true}", "field secret not found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(good + "variables:\n" + tc.decl + "\n"))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestDeclared(t *testing.T) {
	dir := t.TempDir()
	for name, decl := range map[string]string{
		"one": "  - {name: SMOKE_PATH, purpose: one's, kind: path, default: /one}\n  - {name: SMOKE_ONE, purpose: p}",
		"two": "  - {name: SMOKE_PATH, purpose: two's, kind: path, default: /two}",
	} {
		text := strings.Replace(good, "name: shop", "name: "+name, 1) + "variables:\n" + decl + "\n"
		if err := os.MkdirAll(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name, File), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ first, wantDefault string }{{"one", "/one"}, {"two", "/two"}} {
		vars, own, err := Declared(dir, tc.first)
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]int{"one": 2, "two": 1}[tc.first]; len(own) != want {
			t.Errorf("first %s: own %v, want %d names", tc.first, own, want)
		}
		if len(vars) != 2 {
			t.Fatalf("first %s: %d variables, want 2 (one name is shared)", tc.first, len(vars))
		}
		for _, v := range vars {
			if v.Name == "SMOKE_PATH" && v.Default != tc.wantDefault {
				t.Errorf("first %s: SMOKE_PATH default %q, want %q", tc.first, v.Default, tc.wantDefault)
			}
		}
	}
}

func TestDeclaredKindsAgree(t *testing.T) {
	dir := t.TempDir()
	for name, kind := range map[string]string{"one": "secret", "two": "text"} {
		text := strings.Replace(good, "name: shop", "name: "+name, 1) + "variables:\n  - {name: SMOKE_TOKEN, purpose: p, kind: " + kind + "}\n"
		if err := os.MkdirAll(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name, File), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := Declared(dir, "two"); err == nil || !strings.Contains(err.Error(), "SMOKE_TOKEN is kind") {
		t.Errorf("error %v, want one naming the two kinds", err)
	}
}

// FuzzParse: no runbook text makes Parse panic, and what it accepts is
// valid (every check has a test, functions and a budget).
func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte(withVars))
	for _, p := range []string{"promptlens", "manuscript", "example"} {
		if b, err := os.ReadFile(filepath.Join("..", "..", "smoke", p, File)); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		rb, err := Parse(b)
		if err != nil {
			return
		}
		for _, c := range rb.Checks {
			if c.Test == "" || len(c.Funcs) == 0 || c.Budget <= 0 {
				t.Fatalf("accepted a check without test, funcs or budget: %+v", c)
			}
		}
	})
}
