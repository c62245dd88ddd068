package api

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// maxBody is how much of a body a transcript keeps.
const maxBody = 4 << 10

// headBytes is how much of a body a failure message quotes.
const headBytes = 200

// Exchange is one request and its response (or the error in its place).
type Exchange struct {
	Method   string
	URL      string
	Request  string // headers and body, Authorization masked
	Status   int
	Response string
	// The answer as a failure message shows it: "502 Bad Gateway", the
	// Content-Type and Location headers, the body's first bytes, and
	// whether the body was cut at MaxBody.
	StatusLine, ContentType, Location, Head string
	Truncated                               bool
	Latency                                 time.Duration // as the runner saw it
	// TTFB and Total are the target's own time: from the request written
	// to the first response byte, and to the end of the body (zero when
	// the body was not read to its end).
	TTFB, Total time.Duration
}

func (x Exchange) String() string {
	return fmt.Sprintf("> %s %s\n%s\n< %d (%s; target: first byte %s, body %s)\n%s\n", x.Method, x.URL, x.Request, x.Status,
		x.Latency.Round(time.Millisecond), x.TTFB.Round(time.Millisecond), x.Total.Round(time.Millisecond), x.Response)
}

type recorder struct{ c *Client }

func (r recorder) Request(req *http.Request) {
	var b strings.Builder
	for k, vs := range req.Header {
		v := strings.Join(vs, ", ")
		if strings.EqualFold(k, "Authorization") || strings.EqualFold(k, "Cookie") || strings.EqualFold(k, "Stripe-Signature") {
			v = "[redacted]"
		}
		fmt.Fprintf(&b, "%s: %s\n", k, v)
	}
	var body string
	if req.Body != nil && req.GetBody != nil {
		if rc, err := req.GetBody(); err == nil {
			body = readLimited(rc)
		}
	}
	b.WriteString(body)
	r.c.register(req.Header, []byte(body), req.URL)
	r.c.mu.Lock()
	r.c.log = append(r.c.log, Exchange{Method: req.Method, URL: req.URL.String(), Request: b.String()})
	r.c.mu.Unlock()
}

func (r recorder) Response(resp *http.Response, d time.Duration) {
	var b strings.Builder
	for k, vs := range resp.Header {
		v := strings.Join(vs, ", ")
		if strings.EqualFold(k, "Set-Cookie") {
			v = "[redacted]"
		}
		fmt.Fprintf(&b, "%s: %s\n", k, v)
	}
	var raw []byte
	if resp.Body != nil {
		raw, _ = io.ReadAll(io.LimitReader(resp.Body, MaxBody+1)) // the transport cuts it at MaxBody
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(raw))
		b.WriteString(truncate(string(raw)))
	}
	r.c.register(resp.Header, raw, nil)
	t := r.c.trans.take()
	ttfb, total := t.figures()
	if t.wasTruncated() {
		b.WriteString("\n[body truncated at 1 MiB]")
	}
	r.c.mu.Lock()
	defer r.c.mu.Unlock()
	if n := len(r.c.log); n > 0 {
		x := &r.c.log[n-1]
		x.Status, x.StatusLine = resp.StatusCode, statusLine(resp)
		x.ContentType, x.Location = resp.Header.Get("Content-Type"), resp.Header.Get("Location")
		x.Head, x.Truncated = head(raw), t.wasTruncated()
		x.Response = b.String()
		x.Latency = d
		x.TTFB, x.Total = ttfb, total
	}
}

// Answer describes the response in the order an on-call engineer reads
// it: status, Location of a redirect, content type, the body's first
// bytes, and whether the body was cut. It is not redacted.
func (x Exchange) Answer() string {
	var b strings.Builder
	b.WriteString(x.StatusLine)
	if x.Location != "" {
		b.WriteString(", Location: " + x.Location)
	}
	ct := x.ContentType
	if ct == "" {
		ct = "none"
	}
	fmt.Fprintf(&b, ", Content-Type: %s, body: %q", ct, x.Head)
	if x.Truncated {
		b.WriteString(" (body truncated at 1 MiB)")
	}
	return b.String()
}

// Redirect reports whether the answer is a redirect.
func (x Exchange) Redirect() bool { return x.Status >= 300 && x.Status < 400 }

func statusLine(resp *http.Response) string {
	if text := http.StatusText(resp.StatusCode); text != "" {
		return fmt.Sprintf("%d %s", resp.StatusCode, text)
	}
	return fmt.Sprint(resp.StatusCode)
}

// head is the body's first bytes, cut on a rune boundary.
func head(raw []byte) string {
	if len(raw) <= headBytes {
		return string(raw)
	}
	cut := headBytes
	for cut > 0 && !utf8.RuneStart(raw[cut]) {
		cut--
	}
	return string(raw[:cut]) + "…"
}

func readLimited(rc io.ReadCloser) string {
	defer rc.Close()
	raw, _ := io.ReadAll(io.LimitReader(rc, maxBody+1))
	return truncate(string(raw))
}

func truncate(s string) string {
	if len(s) > maxBody {
		return s[:maxBody] + fmt.Sprintf("\n[... %d more bytes cut]", len(s)-maxBody)
	}
	return s
}
