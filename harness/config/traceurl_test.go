package config

import (
	"strings"
	"testing"
)

func TestTraceURL(t *testing.T) {
	cases := []struct {
		value, id, link, err string
	}{
		{"", "abc", "", ""},
		{"https://tempo.example/explore?traceId={trace_id}", "ab12", "https://tempo.example/explore?traceId=ab12", ""},
		{"https://jaeger.example/trace/{trace_id}", "", "", ""},
		{"https://tempo.example/explore", "x", "", "has no {trace_id}"},
		{"ftp://host/{trace_id}", "x", "", "not an http(s) URL"},
		{"/trace/{trace_id}", "x", "", "not an http(s) URL"},
	}
	for _, tc := range cases {
		var c Config
		err := setTraceURL(&c, tc.value)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("setTraceURL(%q) = %v, want an error with %q", tc.value, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("setTraceURL(%q): %v", tc.value, err)
		}
		if got := c.TraceLink(tc.id); got != tc.link {
			t.Errorf("TraceLink(%q) with %q = %q, want %q", tc.id, tc.value, got, tc.link)
		}
	}
}
