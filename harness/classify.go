package harness

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/chromedp/chromedp"

	"github.com/smokegate/smokegate/harness/api"
	"github.com/smokegate/smokegate/harness/report"
	"github.com/smokegate/smokegate/harness/wait"
)

// The rules that decide, where an error is met, whose it is. A product
// failure (report.Failed, exit 1, roll back) means the target answered
// wrong, or did not answer. Everything else is a gate error
// (report.Errored, exit 2): the gate could not check the product, and
// rolling back on it would be a guess.

// Source is where a test met an error.
type Source int

const (
	// FromTarget is the target's answer or the network path to it.
	FromTarget Source = iota
	// FromDatabase is the test's own reads and writes of MongoDB.
	FromDatabase
	// FromMailbox is the test's own reads of the mailbox's API.
	FromMailbox
	// FromBrowser is Chromium and the DevTools connection to it.
	FromBrowser
	// FromHarness is the gate's own code: set-up, a panic, a bug.
	FromHarness
	// FromStorage is the test's own reads and writes of a database or a
	// bucket reached through a cloud API (D1, S3/R2).
	FromStorage
)

func (src Source) String() string {
	return [...]string{"target", "database", "mailbox", "browser", "harness", "storage"}[src]
}

// Classify decides whether err, met at src, is a product failure or a
// gate error:
//   - the target: a failure, except a certificate signed by an authority
//     the gate does not trust (its trust store lacks a private CA:
//     SMOKE_CA_FILE) and a host name that does not resolve (a wrong
//     address or DNS, which rolling back does not fix); an expired
//     certificate or a hostname mismatch is the deployment's own;
//   - the test's own database or mailbox access: an error, except a wait
//     whose every look worked and whose awaited state never came (the
//     product did not do it);
//   - the browser: an error (Chromium gone, a script of the test's that
//     failed); a wait that ran out in a live page is for S.WaitFailed to
//     decide from what the page shows;
//   - the harness: always an error.
func Classify(src Source, err error) report.Status {
	switch src {
	case FromTarget:
		if api.UntrustedCA(err) || api.Unresolved(err) {
			return report.Errored
		}
		return report.Failed
	case FromDatabase, FromMailbox, FromStorage:
		if wait.RanOut(err) && wait.LastError(err) == nil {
			return report.Failed
		}
		return report.Errored
	}
	return report.Errored
}

// BrowserLost reports whether a browser action failed because Chromium is
// gone: it crashed, was killed, or the DevTools connection to it broke.
// A wait that ran out in a live page (context.DeadlineExceeded) is not.
func BrowserLost(err error) bool {
	if err == nil || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	for _, lost := range []error{chromedp.ErrChannelClosed, chromedp.ErrTargetDetached, chromedp.ErrInvalidContext,
		chromedp.ErrNoTarget, context.Canceled, io.EOF, io.ErrUnexpectedEOF, net.ErrClosed} {
		if errors.Is(err, lost) {
			return true
		}
	}
	msg := strings.ToLower(err.Error())
	for _, s := range []string{"websocket", "target closed", "connection reset", "broken pipe", "browser has disconnected"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// End ends the test with the verdict Classify gives err met at src; what
// says what the test was doing.
func (s *S) End(src Source, err error, format string, args ...any) {
	s.t.Helper()
	msg := fmt.Sprintf(format, args...)
	if err != nil {
		msg += ": " + err.Error()
	}
	status := Classify(src, err)
	if d, ok := api.Diagnose(err, api.Where{Name: "target"}); ok && src == FromTarget {
		s.failDiagnosed(status, msg, "", &d)
	}
	if status == report.Errored {
		msg += whose(src)
	}
	s.fail(status, msg, "")
}

// whose tells the on-call engineer where a gate error came from.
func whose(src Source) string {
	switch src {
	case FromDatabase:
		return " (the test's own database access failed, not the product: check SMOKE_MONGODB_URI and the machine's network access to MongoDB)"
	case FromStorage:
		return " (the test's own access to the database or bucket failed, not the product: check SMOKE_CF_API_URL, SMOKE_CF_ACCOUNT_ID, SMOKE_CF_API_TOKEN, SMOKE_D1_DATABASE_ID or SMOKE_R2_*, and the machine's network access)"
	case FromMailbox:
		return " (the test's own mailbox access failed, not the product: check SMOKE_MAILPIT_URL)"
	case FromBrowser:
		return " (Chromium is gone: it crashed or its DevTools connection broke; run the gate again)"
	}
	return ""
}
