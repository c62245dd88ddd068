package status

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/synthetic"
	"github.com/smokegate/smokegate/synthetic/state"
)

const (
	runsRoot   = "/srv/reports/synthetic"
	historyMsg = "history/TestHistory: GET /history answered 500 after 31ms, want 200 — check the dashboard's logs; roll back"
	token      = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzbW9rZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ"
)

// recorded is the state of three checks as a runner left it: health and
// quota passing, full failing in history (its message carrying a token
// the page must not show).
func recorded() *state.Store {
	s := state.New("", 3, []state.Spec{{Name: "health", Every: time.Minute}, {Name: "full", Every: 15 * time.Minute}, {Name: "quota", Every: 5 * time.Minute}})
	t0 := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	for i := range 20 {
		s.Record(synthetic.Outcome{Check: "health", RunID: "shealth" + string(rune('a'+i)), Result: synthetic.Pass,
			Start: t0.Add(time.Duration(i) * time.Minute), Duration: time.Duration(200+40*i) * time.Millisecond, Line: "GATE PASS 1/1"}, false)
	}
	s.Record(synthetic.Outcome{Check: "quota", RunID: "squota1", Result: synthetic.Pass, Start: t0, Duration: 3 * time.Second, Line: "GATE PASS 2/2"}, false)
	for i, r := range []synthetic.Result{synthetic.Pass, synthetic.Fail, synthetic.Fail} {
		s.Record(synthetic.Outcome{Check: "full", RunID: "sfull" + string(rune('a'+i)), Result: r, Start: t0.Add(time.Duration(i) * 15 * time.Minute),
			Duration: 40 * time.Second, Line: "GATE FAIL: " + historyMsg, Message: historyMsg + " (token " + token + ")",
			ReportDir: runsRoot + "/full/20260310T120000Z-sfull" + string(rune('a'+i))}, false)
	}
	return s
}

func TestPageHTML(t *testing.T) {
	extras := func() Extras {
		return Extras{Windows: []string{"sunday: every sunday 02:00 UTC for 2h0m0s"}, OnDemand: []synthetic.Outcome{
			{Check: "deploy", Kind: synthetic.OnDemandVerdict, Result: synthetic.Fail, Line: "GATE FAIL: billing (token " + token + ")"},
			{Check: "health", Kind: synthetic.OnDemandRun, Result: synthetic.Flaky, Line: "GATE PASS 1/1 (1 flaky)"},
		}}
	}
	srv := httptest.NewServer(Handler(recorded(), runsRoot, config.RedactShapes, extras))
	defer srv.Close()
	res, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	page := string(b)
	for _, want := range []string{
		`id="check-full" data-state="fail"`, `id="check-health" data-state="pass"`, `id="check-quota" data-state="pass"`,
		`href="/reports/full/20260310T120000Z-sfullc/summary.md"`, "<polyline points=", `<rect class="fail"`,
		`data-kind="deploy verdict" data-state="fail"`, `data-kind="run now" data-state="pass"`, "passing (flaky: passed on a retry)",
		"sunday: every sunday 02:00 UTC",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if strings.Contains(page, token) {
		t.Error("the page shows the token")
	}
	if strings.Contains(page, "<script") {
		t.Error("the page has a script; it should be plain HTML and SVG")
	}
}

func TestReportHref(t *testing.T) {
	tests := []struct{ dir, want string }{
		{runsRoot + "/health/20260310T120000Z-sabcd", "/reports/health/20260310T120000Z-sabcd/summary.md"},
		{"/elsewhere/x", ""},
		{"", ""},
	}
	for _, tc := range tests {
		if got := reportHref(runsRoot, tc.dir); got != tc.want {
			t.Errorf("reportHref(%q) = %q, want %q", tc.dir, got, tc.want)
		}
	}
}
