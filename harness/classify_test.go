package harness

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"go.mongodb.org/mongo-driver/mongo"

	"github.com/smokegate/smokegate/harness/report"
	"github.com/smokegate/smokegate/harness/wait"
)

// ranOut is a wait that ran out; lastErr is what its probe met last.
func ranOut(t *testing.T, lastErr error) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*wait.Interval) // past the margin in which a failing read is put down to the deadline
	defer cancel()
	_, err := wait.For(ctx, "the upgrade", func(context.Context) (string, bool, error) { return "free", false, lastErr })
	if err == nil {
		t.Fatal("the wait did not run out")
	}
	return err
}

func TestWhoseFault(t *testing.T) {
	get := func(err error) error { return &url.Error{Op: "Get", URL: "https://api.test/api/health", Err: err} }
	refused := get(&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED})
	tests := []struct {
		name string
		own  bool // the test's own access (Own), else the target
		err  error
		want report.Status
	}{
		{"the target answered wrong", false, nil, report.Failed},
		{"the target refuses connections", false, refused, report.Failed},
		{"the target's certificate is signed by an unknown authority", false, get(x509.UnknownAuthorityError{}), report.Errored},
		{"the target's certificate is for another host", false, get(x509.HostnameError{Host: "api.test"}), report.Failed},
		{"the target's certificate expired", false, get(x509.CertificateInvalidError{Reason: x509.Expired}), report.Failed},
		{"the test's database read fails", true, fmt.Errorf("read user: %w", mongo.ErrClientDisconnected), report.Errored},
		{"the test's database write times out", true, fmt.Errorf("update: %w", context.DeadlineExceeded), report.Errored},
		{"a database wait whose reads failed", true, ranOut(t, errors.New("server selection timeout")), report.Errored},
		{"a database wait whose state never came", true, ranOut(t, nil), report.Failed},
		{"the mailbox does not answer", true, errors.New("mailbox unreachable"), report.Errored},
		{"a mailbox wait whose reads failed", true, ranOut(t, errors.New("mailbox unreachable")), report.Errored},
		{"no mail came", true, ranOut(t, nil), report.Failed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := targetStatus(tc.err)
			if tc.own {
				r := newTestBinary(t, nil)
				got = runFake("TestX", func(ft *fakeT) { start(ft, r, budgetOf(time.Second)).Failf("x: %v", Own(tc.err, "check")) }).reported().Status
			}
			if got != tc.want {
				t.Errorf("%v: %s, want %s", tc.err, got, tc.want)
			}
		})
	}
}

func TestBrowserLost(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{nil, false},
		{context.DeadlineExceeded, false},
		{fmt.Errorf("wait visible: %w", context.DeadlineExceeded), false},
		{errors.New("could not find node"), false},
		{chromedp.ErrChannelClosed, true},
		{chromedp.ErrTargetDetached, true},
		{fmt.Errorf("click: %w", context.Canceled), true},
		{errors.New("websocket: close 1006 (abnormal closure)"), true},
		{fmt.Errorf("read: %w", net.ErrClosed), true},
	}
	for _, tc := range tests {
		if got := BrowserLost(tc.err); got != tc.want {
			t.Errorf("BrowserLost(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

// The verdict is decided where the error is met: an error Own or Explain
// made, given to Failf, and a test that fails outside the harness each
// record the right status and say whose it is.
func TestErrorsEndWithTheirVerdict(t *testing.T) {
	neverCame := ranOut(t, nil)
	tests := []struct {
		name        string
		body        func(t *fakeT, s *S)
		wantStatus  report.Status
		wantMessage []string
	}{
		{"the test's database read fails", func(_ *fakeT, s *S) {
			s.GateErrorf("read the user record of %s: %v", "a@b", Own(errors.New("server selection error"), "the test's own database access failed"))
		}, report.Errored, []string{"read the user record of a@b: server selection error (the test's own database access failed)"}},
		{"a database wait whose reads failed", func(_ *fakeT, s *S) {
			s.Failf("the upgrade: %v", Own(ranOut(t, errors.New("server selection error")), "the test's own database access failed"))
		}, report.Errored, []string{"last error: server selection error) (the test's own database access failed)"}},
		{"a database wait whose state never came", func(_ *fakeT, s *S) {
			s.Failf("the upgrade: %v", Own(neverCame, "the test's own database access failed"))
		}, report.Failed, []string{"the upgrade: the upgrade: gave up", "— roll back"}},
		{"Chromium gone in a wait", func(_ *fakeT, s *S) {
			s.Failf("sign in: %v", Explain(s, context.Background(), chromedp.ErrChannelClosed))
		}, report.Errored, []string{"sign in: channel closed", "Chromium is gone"}},
		{"failed outside the harness (a panic, t.Error)", func(t *fakeT, _ *S) { t.Error("boom") },
			report.Errored, []string{"outside the harness"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newTestBinary(t, nil)
			ft := runFake("TestX", func(ft *fakeT) { tc.body(ft, start(ft, r, budgetOf(time.Second), Advice("roll back"))) })
			c := ft.reported()
			if c.Status != tc.wantStatus {
				t.Errorf("status %s (%q), want %s", c.Status, c.Message, tc.wantStatus)
			}
			for _, w := range tc.wantMessage {
				if !strings.Contains(c.Message, w) {
					t.Errorf("message %q lacks %q", c.Message, w)
				}
			}
		})
	}
}
