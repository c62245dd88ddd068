package contracttest

import (
	"slices"
	"testing"
)

// A comment's marks: items, fields, several fields of one answer, and
// both kinds in one comment.
func TestMarkSyntax(t *testing.T) {
	tests := []struct {
		name, line    string
		items, fields []string
	}{
		{"item", `x() // contract: health.ok (api)`, []string{"health.ok (api)"}, nil},
		{"field", `x() // contract: field usage:data.plan (dashboard)`, nil, []string{"usage:data.plan (dashboard)"}},
		{"fields of one answer", `x() // contract: field one.missing:success,error.code (api)`, nil,
			[]string{"one.missing:success (api)", "one.missing:error.code (api)"}},
		{"both", `x() // contract: prompts.list (api); field list:data.items[].id (api)`, []string{"prompts.list (api)"},
			[]string{"list:data.items[].id (api)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			items, fields := parseMarks(tc.line)
			if !slices.Equal(items, tc.items) || !slices.Equal(fields, tc.fields) {
				t.Errorf("%s: items %q, fields %q; want %q, %q", tc.line, items, fields, tc.items, tc.fields)
			}
		})
	}
}
