package config

import (
	"strings"
	"testing"
)

func TestAccountPattern(t *testing.T) {
	tests := []struct {
		name    string
		pattern string
		wantErr string // "" accepts
	}{
		{"the default", `^smoke\+[a-z0-9-]+@smokegate\.test$`, ""},
		{"a narrow pattern of another domain", `^smoke\+[a-z0-9-]+@promptlens\.app$`, ""},
		{"anything", `.*`, "not anchored"},
		{"anchored anything", `^.*$`, "matches ordinary addresses"},
		{"the product's domain", `^.*@promptlens\.app$`, `"ceo@promptlens.app"`},
		{"an empty local part", `^[a-z]*@promptlens\.app$`, `"@promptlens.app"`},
		{"smoke without a tag", `^smoke.*@promptlens\.app$`, `"smoke@promptlens.app"`},
		{"any gmail address", `^[a-z.]+@gmail\.com$`, `"john.doe@gmail.com"`},
		{"any example.com address", `^\w+@example\.com$`, `"support@example.com"`},
		{"unanchored start", `smoke\+[a-z0-9-]+@smokegate\.test$`, "not anchored"},
		{"unanchored end", `^smoke\+[a-z0-9-]+@smokegate\.test`, "not anchored"},
		{"top-level alternation", `^smoke\+x@smokegate\.test$|admin`, "not anchored"},
		{"multi-line anchors", `(?m)^smoke\+x@smokegate\.test$`, "not anchored"},
		{"not a regular expression", `(`, "not a regular expression"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := load(t, nil, map[string]string{"SMOKE_TEST_ACCOUNT_PATTERN": tc.pattern})
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if c.AccountPattern.String() != tc.pattern {
					t.Errorf("AccountPattern = %s, want %s", c.AccountPattern, tc.pattern)
				}
				return
			}
			if err == nil {
				t.Fatalf("accepted, want an error containing %q", tc.wantErr)
			}
			for _, w := range []string{"SMOKE_TEST_ACCOUNT_PATTERN", tc.wantErr} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}
