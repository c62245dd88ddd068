package api

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"

	"github.com/gavv/httpexpect/v2"
)

// handler turns httpexpect's assertion failures into one short message.
type handler struct{ c *Client }

func (h handler) Success(*httpexpect.AssertionContext) {}

func (h handler) Failure(ctx *httpexpect.AssertionContext, f *httpexpect.AssertionFailure) {
	if f.Severity != httpexpect.SeverityError {
		return
	}
	msg := h.c.opts.Redact(h.c.message(ctx, f))
	detail := h.c.opts.Redact((&httpexpect.DefaultFormatter{ColorMode: httpexpect.ColorModeNever}).FormatFailure(ctx, f))
	if h.c.opts.Fail != nil {
		h.c.opts.Fail(msg, detail)
	}
}

func (c *Client) message(ctx *httpexpect.AssertionContext, f *httpexpect.AssertionFailure) string {
	req := ""
	if xs := c.Exchanges(); len(xs) > 0 {
		last := xs[len(xs)-1]
		if u, err := url.Parse(last.URL); err == nil {
			req = last.Method + " " + u.Path + ": "
		}
	}
	if ctx.Response == nil && len(f.Errors) > 0 {
		return req + c.unreachable(f.Errors)
	}
	what := where(ctx)
	switch {
	case f.Expected != nil && f.Actual != nil:
		return fmt.Sprintf("%s%s is %s, want %s", req, what, show(f.Actual.Value), show(expected(f.Expected.Value)))
	case f.Actual != nil:
		return fmt.Sprintf("%s%s: unexpected %s (%v)", req, what, show(f.Actual.Value), firstErr(f))
	}
	return fmt.Sprintf("%s%s: %v", req, what, firstErr(f))
}

// unreachable names the API and says how it failed: refused, timed out, DNS.
func (c *Client) unreachable(errs []error) string {
	base := c.opts.Name + " unreachable at " + c.opts.BaseURL
	err := errors.Join(errs...)
	var ue *url.Error
	if errors.As(err, &ue) && ue.Timeout() || errors.Is(err, os.ErrDeadlineExceeded) {
		return fmt.Sprintf("%s: no answer within %s", base, c.opts.Timeout)
	}
	var oe *net.OpError
	if errors.As(err, &oe) {
		return fmt.Sprintf("%s: %v", base, oe.Err)
	}
	var de *net.DNSError
	if errors.As(err, &de) {
		return fmt.Sprintf("%s: host %s not found", base, de.Name)
	}
	return fmt.Sprintf("%s: %v", base, err)
}

func firstErr(f *httpexpect.AssertionFailure) error {
	if len(f.Errors) == 0 {
		return errors.New("assertion failed")
	}
	return f.Errors[0]
}

// where names the value that failed from httpexpect's path, e.g.
// `Value("data").Value("status")` becomes `data.status`.
func where(ctx *httpexpect.AssertionContext) string {
	var parts []string
	for _, p := range ctx.Path {
		switch {
		case strings.HasPrefix(p, "Value(") || strings.HasPrefix(p, "Element("):
			inner := p[strings.Index(p, "(")+1 : len(p)-1]
			parts = append(parts, strings.Trim(inner, `"`))
		case strings.HasPrefix(p, "Status"):
			return "status"
		}
	}
	if len(parts) == 0 {
		return "response"
	}
	return strings.Join(parts, ".")
}

// expected unwraps httpexpect's list of allowed values.
func expected(v any) any {
	if l, ok := v.(httpexpect.AssertionList); ok && len(l) == 1 {
		return l[0]
	}
	return v
}

func show(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("%q", x)
	case nil:
		return "missing"
	}
	s := fmt.Sprintf("%v", v)
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
