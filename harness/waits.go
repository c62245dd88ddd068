package harness

import (
	"context"
	"fmt"
	"time"

	"github.com/smokegate/smokegate/harness/api"
	"github.com/smokegate/smokegate/harness/browser"
	"github.com/smokegate/smokegate/harness/report"
)

// probeTimeout bounds the look at the page after a wait ran out.
const probeTimeout = 5 * time.Second

// Explain says why a wait in a browser tab ran out or broke (err; nil
// when the test's own look at the page gave up), from what the page shows
// and how fast the target served it, as an error for Failf, which ends the
// test with the verdict that fits:
//   - the browser could not reach the page (DNS, refused, TLS): the
//     cause's own advice, as api.Diagnose words it;
//   - Chromium is gone (BrowserLost), does not answer, or the target
//     answered in time but the page is still loading on a starved
//     machine: a gate error, "the machine was too slow";
//   - the target had not answered, or answered over the request timeout: a
//     product failure naming the time;
//   - the target answered in time and the page is complete, but what the
//     test waited for is not there: a product failure.
//
// Its message is err's, then "; " and what the page shows.
func Explain(s *S, tab context.Context, err error) error {
	s.t.Helper()
	if BrowserLost(err) {
		return &fault{msg: err.Error() + " (Chromium is gone: it crashed or its DevTools connection broke; run the gate again)", err: err, status: report.Errored}
	}
	// The browser's own words for a page it could not reach (a name that
	// does not resolve, a refused connection, a certificate) say the cause;
	// a wait that ran out is for the page to explain, below.
	if d, ok := api.Diagnose(err, api.Where{Name: "site"}); ok && d.Class != api.Timeout {
		return &fault{msg: err.Error(), err: err, status: targetStatus(err), advice: d.Advice}
	}
	probe, cancel := context.WithTimeout(context.WithoutCancel(tab), probeTimeout)
	defer cancel()
	page, perr := browser.ReadPage(probe)
	load := s.load.figures()
	limit := s.bin.cfg.RequestTimeout
	f := &fault{err: err, status: report.Failed}
	switch {
	case perr != nil:
		f.status, f.msg = report.Errored, fmt.Sprintf("the machine was too slow: Chromium did not show its page within %s (%s)", probeTimeout, load)
	case !page.Answered:
		f.msg = "the target had not answered " + page.Where()
	case page.Load() > limit:
		f.msg = fmt.Sprintf("the target took %s to serve %s (over the %s request timeout)", page.Load().Round(time.Millisecond), page.Where(), limit)
	case page.ReadyState != "complete" && load.starved():
		f.status, f.msg = report.Errored, fmt.Sprintf("the machine was too slow: the target served %s but the page is still %s (%s)", page, page.ReadyState, load)
	default:
		f.msg = fmt.Sprintf("the page is %s", page)
	}
	if err != nil {
		f.msg = err.Error() + "; " + f.msg
	}
	return f
}
