package status

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/smokegate/smokegate/harness/browser"
	"github.com/smokegate/smokegate/harness/browser/browsertest"
	"github.com/smokegate/smokegate/harness/config"
)

// In real Chromium: the broken check is red with its message and a link
// to its report, the others green.
func TestPageInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Chromium")
	}
	srv := httptest.NewServer(Handler(recorded(), runsRoot, config.RedactShapes, nil))
	defer srv.Close()
	tab := browsertest.Start(t, browser.Options{})
	type seen struct {
		State, Border, Label, Message, Report string
		Marks                                 int
	}
	if err := chromedp.Do(tab, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(tab, chromedp.Evaluate[map[string]seen](`Object.fromEntries([...document.querySelectorAll("section.check")].map(s => [s.id.slice(6), {
		State: s.dataset.state,
		Border: getComputedStyle(s).borderLeftColor,
		Label: s.querySelector(".state").textContent,
		Message: (s.querySelector(".failure .message") || {}).textContent || "",
		Report: (s.querySelector("a.report") || {}).href || "",
		Marks: s.querySelectorAll("svg.strip rect").length,
	}]))`))
	if err != nil {
		t.Fatal(err)
	}
	const red, green = "rgb(198, 40, 40)", "rgb(46, 125, 50)"
	full := got["full"]
	if full.State != "fail" || full.Border != red || full.Label != "FAILING" {
		t.Errorf("full shows %+v, want red and FAILING", full)
	}
	if !strings.Contains(full.Message, "GET /history answered 500") || !strings.Contains(full.Message, "«redacted:jwt:") {
		t.Errorf("full's message is %q, want the failure with its token redacted", full.Message)
	}
	if !strings.HasSuffix(full.Report, "/reports/full/20260310T120000Z-sfullc/summary.md") {
		t.Errorf("full's report link is %q", full.Report)
	}
	if full.Marks != 3 {
		t.Errorf("full's strip has %d marks, want 3", full.Marks)
	}
	for _, name := range []string{"health", "quota"} {
		if c := got[name]; c.State != "pass" || c.Border != green || c.Message != "" {
			t.Errorf("%s shows %+v, want green with no failure", name, c)
		}
	}
}
