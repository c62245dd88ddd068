package api

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// maxBody is how much of a body a transcript keeps.
const maxBody = 4 << 10

// Exchange is one request and its response (or the error in its place).
type Exchange struct {
	Method   string
	URL      string
	Request  string // headers and body, Authorization masked
	Status   int
	Response string
	Latency  time.Duration // as the runner saw it
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
	if req.Body != nil && req.GetBody != nil {
		if body, err := req.GetBody(); err == nil {
			b.WriteString(readLimited(body))
		}
	}
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
	if resp.Body != nil {
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(raw))
		b.WriteString(truncate(string(raw)))
	}
	ttfb, total := r.c.trans.take().figures()
	r.c.mu.Lock()
	defer r.c.mu.Unlock()
	if n := len(r.c.log); n > 0 {
		r.c.log[n-1].Status = resp.StatusCode
		r.c.log[n-1].Response = b.String()
		r.c.log[n-1].Latency = d
		r.c.log[n-1].TTFB, r.c.log[n-1].Total = ttfb, total
	}
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
