package runner

import (
	"bytes"
	"strings"
	"testing"

	"github.com/smokegate/smokegate/harness/testjson"
)

func TestLiveLine(t *testing.T) {
	type event = testjson.Event
	tests := []struct {
		name      string
		ev        event
		mark      string
		what      string
		wantShown bool
	}{
		{"pass", event{Action: "pass", Test: "TestHealth", Elapsed: 1.234}, "✓", "1.23s", true},
		{"fast pass", event{Action: "pass", Test: "TestHealth"}, "✓", "<10ms", true},
		{"fail", event{Action: "fail", Test: "TestQuota", Elapsed: 0.5}, "✗", "500ms", true},
		{"skip", event{Action: "skip", Test: "TestQuota"}, "-", "skipped", true},
		{"subtest", event{Action: "pass", Test: "TestQuota/reset"}, "", "", false},
		{"package end", event{Action: "fail"}, "", "", false},
		{"run", event{Action: "run", Test: "TestQuota"}, "", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mark, what, ok := liveLine(tc.ev)
			if mark != tc.mark || what != tc.what || ok != tc.wantShown {
				t.Errorf("liveLine = %q %q %v, want %q %q %v", mark, what, ok, tc.mark, tc.what, tc.wantShown)
			}
		})
	}
}

// nopCloser is a buffer standing in for events.jsonl.
type nopCloser struct{ bytes.Buffer }

func (nopCloser) Close() error { return nil }

// Each event prints its live line and lands in events.jsonl, redacted.
func TestOnEvent(t *testing.T) {
	var live bytes.Buffer
	file := &nopCloser{}
	r := &run{opts: Options{Out: &live}, events: file, redact: func(s string) string { return strings.ReplaceAll(s, "hunter2", "«redacted»") }}
	r.onEvent(testjson.Event{Action: "attr", Package: "smoke/quota", Test: "TestQuotaReset", Key: "smokegate.message", Value: "token hunter2"})
	r.onEvent(testjson.Event{Action: "output", Package: "smoke/quota", Test: "TestQuotaReset", Output: "printed hunter2\n"})
	r.onEvent(testjson.Event{Action: "pass", Package: "smoke/quota", Test: "TestQuotaReset", Elapsed: 0.08})
	if want := "  ✓ quota/TestQuotaReset" + strings.Repeat(" ", 20) + " 80ms\n"; live.String() != want {
		t.Errorf("live lines = %q, want %q", live.String(), want)
	}
	got := file.String()
	if strings.Count(got, "\n") != 2 || strings.Contains(got, "hunter2") || !strings.Contains(got, `"Value":"token «redacted»"`) {
		t.Errorf("events.jsonl = %q, want the attribute redacted and the pass, no output", got)
	}
}
