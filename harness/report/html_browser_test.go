package report

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/smokegate/smokegate/harness/browser"
	"github.com/smokegate/smokegate/harness/browser/browsertest"
)

// In real Chromium, opened from a file as a person would: the failing
// check comes first, its screenshot shows, the page fetched nothing but
// itself, and no registered secret is in what it shows.
func TestHTMLInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Chromium")
	}
	h := failingRun(t)
	if err := WriteHTML(h); err != nil {
		t.Fatal(err)
	}
	tab := browsertest.Start(t, browser.Options{})
	if err := chromedp.Do(tab, chromedp.Navigate("file://"+filepath.Join(h.Dir, "index.html"))); err != nil {
		t.Fatal(err)
	}
	type seen struct {
		First, Banner, Text string
		Resources, Images   int
	}
	got, err := chromedp.Run(tab, chromedp.Evaluate[seen](`({
		First: document.querySelector("section.check").id,
		Banner: getComputedStyle(document.getElementById("verdict")).backgroundColor,
		Text: document.body.innerText,
		Resources: performance.getEntriesByType("resource").length,
		Images: [...document.images].filter(i => i.complete && i.naturalWidth > 0).length,
	})`))
	if err != nil {
		t.Fatal(err)
	}
	if got.First != "check-history" {
		t.Errorf("first check on the page is %s, want the failing check-history", got.First)
	}
	if got.Banner != "rgb(179, 38, 30)" {
		t.Errorf("banner colour %s, want red for a failure", got.Banner)
	}
	if got.Resources != 0 {
		t.Errorf("the page loaded %d resources besides itself, want none", got.Resources)
	}
	if got.Images != 1 {
		t.Errorf("%d screenshots rendered, want 1", got.Images)
	}
	if strings.Contains(got.Text, canary) || !strings.Contains(got.Text, "«redacted»") {
		t.Errorf("the page shows the secret, or does not show it redacted:\n%s", got.Text)
	}
}
