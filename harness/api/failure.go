package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
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
	var cause error
	if ctx.Response == nil && len(f.Errors) > 0 {
		cause = errors.Join(f.Errors...)
	}
	msg := h.c.opts.Redact(h.c.message(ctx, f))
	detail := h.c.opts.Redact((&httpexpect.DefaultFormatter{ColorMode: httpexpect.ColorModeNever}).FormatFailure(ctx, f))
	if h.c.opts.Fail != nil {
		h.c.opts.Fail(Failure{Message: msg, Detail: detail, Err: cause, Diagnosis: h.c.diagnose(ctx, cause)})
	}
}

// diagnose classifies the failure: no answer by its error, an answer by
// its type when a web page came where JSON was checked (or, from a target
// that AnswersJSON, whatever was checked, unless it is a server error's
// page or a redirect, which say something else).
func (c *Client) diagnose(ctx *httpexpect.AssertionContext, cause error) *Diagnosis {
	if cause != nil {
		if d, ok := Diagnose(cause, c.where()); ok {
			return &d
		}
		return nil
	}
	x, _ := c.Last()
	if !checksJSON(ctx) && !(c.opts.AnswersJSON && x.Status < 500 && !x.Redirect()) {
		return nil
	}
	if d, ok := WrongContentType(x.ContentType, "application/json", c.where()); ok {
		return &d
	}
	return nil
}

// checksJSON reports whether the failed check read the answer as JSON or
// checked its Content-Type.
func checksJSON(ctx *httpexpect.AssertionContext) bool {
	for _, p := range ctx.Path {
		if strings.HasPrefix(p, "JSON") || strings.HasPrefix(p, "HasContentType") || strings.HasPrefix(p, "ContentType") {
			return true
		}
	}
	return false
}

// message says what went wrong in the order the answer shows it: no
// answer (and why), then the status (a redirect with its Location), then
// the content type and the body, each quoted as it came back.
func (c *Client) message(ctx *httpexpect.AssertionContext, f *httpexpect.AssertionFailure) string {
	x, _ := c.Last()
	req := x.Method
	if u, err := url.Parse(x.URL); err == nil {
		req += " " + u.Path
	}
	if ctx.Response == nil && len(f.Errors) > 0 {
		return req + ": " + c.unreachable(f.Errors)
	}
	what := where(ctx)
	d := c.diagnose(ctx, nil)
	switch {
	case what == "status" && x.Redirect():
		return fmt.Sprintf("%s answered %s, Location: %s; the %s must answer directly, not redirect (want %s)",
			req, x.StatusLine, x.Location, c.opts.Name, wantStatus(f))
	case what == "status":
		return fmt.Sprintf("%s answered %s; want %s", req, x.Answer(), wantStatus(f))
	case d != nil: // a web page where JSON was checked
		return fmt.Sprintf("%s: %s; %s (answered %s)", req, d.Cause, assertion(what, f), x.Answer())
	case x.Status < 200 || x.Status > 299:
		return fmt.Sprintf("%s answered %s; %s", req, x.Answer(), assertion(what, f))
	case x.Truncated:
		return fmt.Sprintf("%s answered %s; a body over 1 MiB cannot be checked", req, x.Answer())
	}
	return fmt.Sprintf("%s: %s (answered %s)", req, assertion(what, f), x.Answer())
}

// assertion says what the failed check expected and found.
func assertion(what string, f *httpexpect.AssertionFailure) string {
	switch {
	case f.Expected != nil && f.Actual != nil:
		return fmt.Sprintf("%s is %s, want %s", what, show(f.Actual.Value), show(expected(f.Expected.Value)))
	case f.Actual != nil:
		return fmt.Sprintf("%s: unexpected %s (%v)", what, show(f.Actual.Value), firstErr(f))
	}
	return fmt.Sprintf("%s: %v", what, firstErr(f))
}

// wantStatus names the status a failed Status check wanted, e.g. "200 OK".
func wantStatus(f *httpexpect.AssertionFailure) string {
	if f.Expected == nil {
		return "another status"
	}
	v := expected(f.Expected.Value)
	switch x := v.(type) {
	case string: // httpexpect words it already: "200 OK"
		return x
	case int:
		return strings.TrimSpace(fmt.Sprintf("%d %s", x, http.StatusText(x)))
	}
	return show(v)
}

// unreachable names the API and says why no answer came: the class's
// cause (DNS, refused, TLS, plain HTTP, timeout), or the error as it is.
func (c *Client) unreachable(errs []error) string {
	err := errors.Join(errs...)
	if d, ok := Diagnose(err, c.where()); ok {
		return d.Cause
	}
	return fmt.Sprintf("%s unreachable at %s: %v", c.opts.Name, c.opts.BaseURL, err)
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
		case strings.HasPrefix(p, "HasContentType") || strings.HasPrefix(p, "ContentType"):
			return "Content-Type"
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
