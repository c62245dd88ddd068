package browser

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/chromedp/chromedp"
)

// Page is what a tab shows and how fast the target served it, read from
// the page's own Navigation and Resource Timing: the browser's clock for
// the exchanges, not the runner's time to render.
type Page struct {
	URL        string
	ReadyState string        // loading, interactive, complete
	Answered   bool          // the document's response has ended
	Answer     time.Duration // the document: request start to response end
	Calls      time.Duration // the longest fetch or XHR the page made
}

// Load is the target's share of loading the page: its document's answer
// and the longest API call the page made.
func (p Page) Load() time.Duration { return p.Answer + p.Calls }

func (p Page) String() string {
	if !p.Answered {
		return fmt.Sprintf("%s (no answer yet, %s)", p.Where(), p.ReadyState)
	}
	return fmt.Sprintf("%s answered in %s (%s)", p.Where(), p.Load().Round(time.Millisecond), p.ReadyState)
}

// Where is the page's URL without its query and fragment, which can carry
// tokens (a reset link's, an OAuth code): fit for a report.
func (p Page) Where() string {
	u, err := url.Parse(p.URL)
	if err != nil {
		return "(an unreadable URL)"
	}
	u.RawQuery, u.Fragment, u.User = "", "", nil
	return u.String()
}

type pageTiming struct {
	URL, ReadyState                        string
	RequestStart, ResponseEnd, LongestCall float64 // milliseconds
}

const pageScript = `(() => {
	const n = performance.getEntriesByType("navigation")[0] || {};
	const calls = performance.getEntriesByType("resource")
		.filter(e => e.initiatorType === "fetch" || e.initiatorType === "xmlhttprequest")
		.map(e => e.duration);
	return {URL: location.href, ReadyState: document.readyState,
		RequestStart: n.requestStart || 0, ResponseEnd: n.responseEnd || 0,
		LongestCall: calls.length ? Math.max(...calls) : 0};
})()`

// ReadPage reads the tab's current page and its timing.
func ReadPage(ctx context.Context) (Page, error) {
	t, err := chromedp.Run(ctx, chromedp.Evaluate[pageTiming](pageScript))
	if err != nil {
		return Page{}, fmt.Errorf("read the page's timing: %w", err)
	}
	p := Page{URL: t.URL, ReadyState: t.ReadyState, Answered: t.ResponseEnd > 0, Calls: millis(t.LongestCall)}
	if p.Answered {
		p.Answer = millis(t.ResponseEnd - t.RequestStart)
	}
	return p, nil
}

// ResourceTime returns the duration of the newest resource whose URL
// contains part, as the context's global (a page or a worker) timed it.
func ResourceTime(ctx context.Context, part string) (time.Duration, bool, error) {
	ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](fmt.Sprintf(`(() => {
		const e = performance.getEntriesByType("resource").filter(e => e.name.includes(%q) && e.responseEnd > 0);
		return e.length ? e[e.length-1].duration : -1 })()`, part)))
	if err != nil {
		return 0, false, fmt.Errorf("read the resource timing of %s: %w", part, err)
	}
	if ms < 0 {
		return 0, false, nil
	}
	return millis(ms), true, nil
}

func millis(ms float64) time.Duration { return time.Duration(ms * float64(time.Millisecond)) }
