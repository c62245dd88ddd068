package runner

import (
	"bytes"
	"strings"
	"testing"
)

func TestLiveLine(t *testing.T) {
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

// stream prints a line per finished test and keeps the output, including
// lines that are not events (a crash before the framing starts).
func TestStream(t *testing.T) {
	in := strings.Join([]string{
		`{"Time":"2026-01-02T03:04:05Z","Action":"start","Package":"smoke/quota"}`,
		`{"Action":"run","Package":"smoke/quota","Test":"TestQuotaReset"}`,
		`{"Action":"output","Package":"smoke/quota","Test":"TestQuotaReset","Output":"=== RUN   TestQuotaReset\n"}`,
		`panic: boom`,
		`{"Action":"pass","Package":"smoke/quota","Test":"TestQuotaReset","Elapsed":0.08}`,
		`{"Action":"pass","Package":"smoke/quota","Elapsed":0.1}`,
	}, "\n")
	var live bytes.Buffer
	r := &run{opts: Options{Out: &live}}
	output, ended := r.stream(strings.NewReader(in))
	if ended["TestQuotaReset"] != "pass" || len(ended) != 1 {
		t.Errorf("ended = %v, want TestQuotaReset: pass", ended)
	}
	if want := "=== RUN   TestQuotaReset\npanic: boom\n"; output != want {
		t.Errorf("output = %q, want %q", output, want)
	}
	if want := "  ✓ quota/TestQuotaReset" + strings.Repeat(" ", 20) + " 80ms\n"; live.String() != want {
		t.Errorf("live lines = %q, want %q", live.String(), want)
	}
}
