package report

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const canary = "sk_live_canary7Q"

// failingRun writes a run with a passing check before a failing one whose
// evidence (a screenshot and a console log naming canary) is on disk, and
// returns its page's input.
func failingRun(t *testing.T) HTML {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "reports", "run1")
	ev := filepath.Join("reports", "run1", "evidence", "history", "TestHistory")
	if err := os.MkdirAll(filepath.Join(root, ev), 0o755); err != nil {
		t.Fatal(err)
	}
	var img bytes.Buffer
	m := image.NewRGBA(image.Rect(0, 0, 4, 4))
	m.Set(1, 1, color.RGBA{R: 255, A: 255})
	if err := png.Encode(&img, m); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"screenshot.png": img.Bytes(),
		"console.log":    []byte("error: token=" + canary + " rejected\n"),
		"page.html":      []byte("<p>the page</p>"),
	}
	var evidence []string
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(root, ev, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
		evidence = append(evidence, filepath.Join(ev, name))
	}
	start := time.Date(2026, 12, 3, 7, 0, 0, 0, time.UTC)
	suites := []*Suite{
		{Name: "health", Start: start, Properties: []Property{{Name: "run.id", Value: "run1"}, {Name: "git.sha", Value: "abc123"}},
			Cases: []Case{{Name: "TestHealth", Status: Passed, Time: 40 * time.Millisecond, Budget: 5 * time.Second}}},
		{Name: "history", Start: start.Add(time.Second), Properties: []Property{{Name: "limit.history.load", Value: "3.01s (limit 2s)"}, {Name: "trace.id", Value: "4bf92f35"}},
			Cases: []Case{{Name: "TestHistory", Status: Failed, Time: 3 * time.Second, Budget: 5 * time.Second,
				Message: "/history took 3.01s, over its limit <script>alert(1)</script> with " + canary, Steps: []string{"  12ms  sign in"}, Evidence: evidence}}},
		{Name: "quota", Start: start, Cases: []Case{{Name: "TestQuota", Status: Skipped, Message: "not run: history failed"}}},
	}
	return HTML{Title: "PromptLens", Verdict: Decide(suites), Suites: suites, Root: root, Dir: dir,
		Redact:    func(s string) string { return strings.ReplaceAll(s, canary, "«redacted»") },
		TraceLink: func(id string) string { return "https://tempo.example/trace/" + id }}
}

func TestWriteHTML(t *testing.T) {
	h := failingRun(t)
	if err := WriteHTML(h); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(h.Dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	wants := []string{
		"GATE FAIL: history/TestHistory", "exit 1", "Roll back",
		"1 failed, 1 passed, 1 not run",
		"3.01s (limit 2s)", "data:image/png;base64,", "«redacted» rejected",
		`href="https://tempo.example/trace/4bf92f35"`, `href="evidence/history/TestHistory/page.html"`,
		"&lt;script&gt;", "abc123", "default-src 'none'",
	}
	for _, w := range wants {
		if !strings.Contains(page, w) {
			t.Errorf("index.html lacks %q", w)
		}
	}
	for _, bad := range []string{canary, "<script>", "http://", "src=\"http"} {
		if strings.Contains(page, bad) {
			t.Errorf("index.html holds %q", bad)
		}
	}
	if f, h2 := strings.Index(page, `id="check-history"`), strings.Index(page, `id="check-health"`); f < 0 || h2 < 0 || f > h2 {
		t.Errorf("the failing check is not first (history at %d, health at %d)", f, h2)
	}
}

func TestStatusOrder(t *testing.T) {
	cases := []struct {
		c     Case
		label string
		rank  int
	}{
		{Case{Status: Failed}, "failed", 0},
		{Case{Status: Errored}, "gate error", 1},
		{Case{Status: Passed, Flaky: "x"}, "flaky", 2},
		{Case{Status: Passed, Warning: "slow"}, "warning", 2},
		{Case{Status: Passed}, "passed", 3},
		{Case{Status: Skipped, Message: "not run: signup failed"}, "not run", 4},
		{Case{Status: Skipped, Message: "read-only"}, "skipped", 4},
		{Case{Status: Skipped, Message: "not configured: set SMOKE_API_URL", Blocking: true}, "gate error", 1},
	}
	for _, tc := range cases {
		if label, _, rank := status(&tc.c); label != tc.label || rank != tc.rank {
			t.Errorf("status(%+v) = %s %d, want %s %d", tc.c, label, rank, tc.label, tc.rank)
		}
	}
}

// Evidence too big to inline, or not a PNG, stays a link.
func TestInlineImageLimits(t *testing.T) {
	dir := t.TempDir()
	cases := map[string][]byte{
		"big.png":  append([]byte("\x89PNG"), make([]byte, maxInlineImage)...),
		"fake.png": []byte("<svg onload=alert(1)>"),
	}
	for name, b := range cases {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if got := inlineImage(p); got != "" {
			t.Errorf("%s inlined (%d bytes)", name, len(got))
		}
	}
}
