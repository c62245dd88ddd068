package report

import (
	"strings"
	"testing"
)

// What a cleanup could not remove reaches the summary with the command
// that removes it; a run that left nothing gets no such section.
func TestLeftNote(t *testing.T) {
	tests := []struct {
		name   string
		suites []*Suite
		want   []string // in the note; nil: no note
	}{
		{"nothing left", []*Suite{{Name: "quota"}, nil}, nil},
		{"database gone at cleanup", []*Suite{
			{Name: "history", Properties: []Property{{LeftProperty, "user smoke+r1-history@smokegate.test with its prompts and reset tokens"}}},
			{Name: "billing", Properties: []Property{{LeftProperty, "user smoke+r1-billing@smokegate.test with its prompts and reset tokens; 2 webhookEvents (evt_smoke_r1_a, evt_smoke_r1_b)"}}},
		}, []string{
			"## Left behind", "- history: user smoke+r1-history@smokegate.test", "- billing: 2 webhookEvents (evt_smoke_r1_a, evt_smoke_r1_b)",
			"SMOKE_TEST_ACCOUNT_PATTERN='^smoke$' bin/smokegate sweep -runbook promptlens -run r1",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			note := LeftNote(LeftBehind(tc.suites), "promptlens", "r1", "^smoke$")
			if tc.want == nil && note != "" {
				t.Errorf("note %q, want none", note)
			}
			for _, w := range tc.want {
				if !strings.Contains(note, w) {
					t.Errorf("note lacks %q:\n%s", w, note)
				}
			}
			if strings.Contains(note, "mongodb://") {
				t.Errorf("the note repeats a database URI:\n%s", note)
			}
		})
	}
}
