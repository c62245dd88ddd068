package harness

import (
	"context"
	"fmt"
	"time"

	"github.com/smokegate/smokegate/harness/api"
	"github.com/smokegate/smokegate/harness/browser"
)

// probeTimeout bounds the look at the page after a wait ran out.
const probeTimeout = 5 * time.Second

// WaitFailed ends a test whose wait in a browser tab ran out or broke
// (err), and says whose fault it was from what the page shows and how fast
// the target served it:
//   - the browser could not reach the page (DNS, refused, TLS): the
//     cause's own advice, as api.Diagnose words it;
//   - Chromium is gone (BrowserLost), does not answer, or the target answered in time but the
//     page is still loading on a starved machine: a gate error, "the machine
//     was too slow";
//   - the target had not answered, or answered over the request timeout: a
//     product failure naming the time;
//   - the target answered in time and the page is complete, but what the
//     test waited for is not there: a product failure.
func (s *S) WaitFailed(tab context.Context, err error, format string, args ...any) {
	s.t.Helper()
	what := fmt.Sprintf(format, args...)
	if BrowserLost(err) {
		s.End(FromBrowser, err, "%s", what)
	}
	// The browser's own words for a page it could not reach (a name that
	// does not resolve, a refused connection, a certificate) say the cause;
	// a wait that ran out is for the page to explain, below.
	if d, ok := api.Diagnose(err, api.Where{Name: "site"}); ok && d.Class != api.Timeout {
		s.failDiagnosed(Classify(FromTarget, err), what+": "+err.Error(), "", &d)
	}
	if err != nil {
		what += ": " + err.Error()
	}
	probe, cancel := context.WithTimeout(context.WithoutCancel(tab), probeTimeout)
	defer cancel()
	page, perr := browser.ReadPage(probe)
	load := s.load.figures()
	limit := s.run.cfg.RequestTimeout
	switch {
	case perr != nil:
		s.GateErrorf("%s; the machine was too slow: Chromium did not show its page within %s (%s)", what, probeTimeout, load)
	case !page.Answered:
		s.Failf("%s; the target had not answered %s", what, page.Where())
	case page.Load() > limit:
		s.Failf("%s; the target took %s to serve %s (over the %s request timeout)", what, page.Load().Round(time.Millisecond), page.Where(), limit)
	case page.ReadyState != "complete" && load.starved():
		s.GateErrorf("%s; the machine was too slow: the target served %s but the page is still %s (%s)", what, page, page.ReadyState, load)
	default:
		s.Failf("%s; the page is %s", what, page)
	}
}
