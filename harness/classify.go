package harness

import (
	"context"
	"errors"
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
//
//   - the target: a failure, except a certificate signed by an authority
//     the gate does not trust (its trust store lacks a private CA:
//     SMOKE_CA_FILE) and a host name that does not resolve (a wrong
//     address or DNS, which rolling back does not fix); an expired
//     certificate or a hostname mismatch is the deployment's own;
//   - the test's own access to its database, bucket or mailbox: an error
//     (Own), except a wait whose every look worked and whose awaited
//     state never came (the product did not do it);
//   - the browser: an error (Chromium gone, a script of the test's that
//     failed); a wait that ran out in a live page is for Explain to
//     decide from what the page shows;
//   - the harness: always an error.

// fault is an error that knows whose it is. Failf given one among its
// arguments (wrapped or not) ends the test with the fault's verdict, and
// with its advice when it has one.
type fault struct {
	msg    string
	err    error
	status report.Status // Errored: the gate's own infrastructure failed
	advice string        // fits the cause better than the test's own; "" keeps it
}

func (f *fault) Error() string { return f.msg }
func (f *fault) Unwrap() error { return f.err }

// faultIn is the first fault among a message's arguments; without one,
// a product failure with the test's own advice.
func faultIn(args []any) *fault {
	for _, a := range args {
		var f *fault
		if err, ok := a.(error); ok && errors.As(err, &f) {
			return f
		}
	}
	return &fault{status: report.Failed}
}

// Own marks err, met in the test's own access to something that is not
// the target (its database, its bucket, the mailbox), as the gate's: its
// message adds check (whose access failed and what to look at), and Failf
// given it ends the test as a gate error. A wait whose every look worked
// and whose awaited state never came is the product's: Own returns it as
// it is, and Failf ends the test as a product failure. Own(nil, ...) is
// nil.
func Own(err error, check string) error {
	if err == nil || wait.RanOut(err) && wait.LastError(err) == nil {
		return err
	}
	return &fault{msg: err.Error() + " (" + check + ")", err: err, status: report.Errored}
}

// targetStatus is the verdict on err, met in a call to the target.
func targetStatus(err error) report.Status {
	if api.UntrustedCA(err) || api.Unresolved(err) {
		return report.Errored
	}
	return report.Failed
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
