package browser

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
)

// MaxBody caps each response body a HAR holds, in bytes.
const MaxBody = 64 << 10

// Sink is what the HAR goes through on its way out: every string of it
// is passed to Redact, and every credential dropped or masked is first
// handed to Secret, so that the run's other artifacts mask it too.
type Sink struct {
	Redact func(string) string
	Secret func(kind, value string)
}

// HAR renders the log as a HAR 1.2 file: the exchanges since the tab
// opened, with the text bodies (fetched now, through ctx) up to MaxBody
// each. Cookie values, Set-Cookie and Authorization are dropped, and the
// secret query parameters (config.SecretParams) masked, before Redact.
func (l *NetLog) HAR(ctx context.Context, sink Sink) ([]byte, error) {
	if sink.Redact == nil {
		sink.Redact = func(s string) string { return s }
	}
	xs, dropped := l.snapshot()
	f := harFile{Log: harLog{Version: "1.2", Creator: harCreator{Name: "smokegate", Version: "1"}, Entries: []harEntry{}}}
	if dropped > 0 {
		f.Log.Comment = fmt.Sprintf("the first %d requests; %d later ones were not kept", MaxEntries, dropped)
	}
	for _, x := range xs {
		text, size := body(ctx, x)
		f.Log.Entries = append(f.Log.Entries, entry(x, text, size, sink))
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false) // bodies stay readable, and "&" stays the end of a query value
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func entry(x exchange, text string, size int, sink Sink) harEntry {
	e := harEntry{
		StartedDateTime: time.UnixMicro(int64(x.wall * 1e6)).UTC().Format(time.RFC3339Nano),
		Request:         request(x, sink),
		Response:        response(x, text, size, sink),
		Timings:         timings(x),
	}
	for _, t := range []float64{e.Timings.Blocked, e.Timings.DNS, e.Timings.Connect, e.Timings.Send, e.Timings.Wait, e.Timings.Receive} {
		e.Time += math.Max(t, 0)
	}
	e.Time = ms(e.Time)
	switch {
	case x.failure != "":
		e.Comment = "failed: " + x.failure
	case x.end == 0:
		e.Comment = "no answer yet when the check ended"
	}
	if x.resp != nil {
		e.ServerIPAddress = strings.Trim(x.resp.RemoteIPAddress, "[]")
	}
	return e
}

func request(x exchange, sink Sink) harRequest {
	r := harRequest{Method: x.req.Method, URL: sink.Redact(maskURL(x.req.URL, sink)), HTTPVersion: "HTTP/1.1",
		Cookies: []harPair{}, Headers: headers(x.req.Headers, sink), QueryString: query(x.req.URL, sink), HeadersSize: -1}
	if x.resp != nil {
		r.HTTPVersion = httpVersion(x.resp.Protocol)
		if len(x.resp.RequestHeaders) > 0 { // what went on the wire, Cookie included
			r.Headers = headers(x.resp.RequestHeaders, sink)
		}
	}
	var post strings.Builder
	for _, p := range x.req.PostDataEntries {
		post.Write(p.Bytes)
	}
	r.BodySize = post.Len()
	if post.Len() > 0 {
		text := capText(sink.Redact(strings.ToValidUTF8(post.String(), "")))
		r.PostData = &harPost{MimeType: headerValue(x.req.Headers, "Content-Type"), Text: text}
	}
	return r
}

// capText cuts a body, already redacted (so no secret is cut in two and
// missed), to MaxBody bytes of valid UTF-8.
func capText(s string) string {
	if len(s) <= MaxBody {
		return s
	}
	return strings.ToValidUTF8(s[:MaxBody], "")
}

func response(x exchange, text string, size int, sink Sink) harResponse {
	r := harResponse{Cookies: []harPair{}, Headers: []harPair{}, HTTPVersion: "HTTP/1.1", HeadersSize: -1, BodySize: -1}
	if x.resp == nil {
		r.StatusText = x.failure
		return r
	}
	resp := x.resp
	r.Status, r.StatusText, r.HTTPVersion = resp.Status, resp.StatusText, httpVersion(resp.Protocol)
	r.Headers = headers(resp.Headers, sink)
	r.RedirectURL = sink.Redact(maskURL(headerValue(resp.Headers, "Location"), sink))
	redacted := sink.Redact(text)
	r.Content = harContent{Size: int64(size), MimeType: resp.MimeType, Text: capText(redacted)}
	if len(redacted) > MaxBody {
		r.Content.Comment = fmt.Sprintf("the first %d bytes", MaxBody)
	}
	if x.received > 0 {
		r.BodySize = int64(x.received)
	}
	return r
}

// httpVersion turns the browser's "h2" or "http/1.1" into HAR's form.
func httpVersion(protocol string) string {
	switch p := strings.ToLower(protocol); {
	case p == "h2":
		return "HTTP/2"
	case p == "h3":
		return "HTTP/3"
	case strings.HasPrefix(p, "http/"):
		return strings.ToUpper(p)
	}
	return "HTTP/1.1"
}

// dropped are the headers whose whole value is a credential; their
// values never reach the file.
var dropped = []string{"authorization", "proxy-authorization", "cookie", "set-cookie"}

func headers(h map[string]any, sink Sink) []harPair {
	out := []harPair{}
	for _, name := range slices.Sorted(maps.Keys(h)) {
		for _, v := range strings.Split(fmt.Sprint(h[name]), "\n") { // the browser joins repeated headers with \n
			if slices.Contains(dropped, strings.ToLower(name)) {
				registerHeader(name, v, sink)
				v = "«dropped»"
			}
			out = append(out, harPair{Name: name, Value: sink.Redact(v)})
		}
	}
	return out
}

func headerValue(h map[string]any, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return fmt.Sprint(v)
		}
	}
	return ""
}

// timings splits the exchange's time as HAR does, from the browser's
// ResourceTiming (milliseconds after its requestTime); -1 is a phase that
// did not happen (a reused connection has no DNS or connect).
func timings(x exchange) harTimings {
	t := phases(x)
	return harTimings{ms(t.Blocked), ms(t.DNS), ms(t.Connect), ms(t.Send), ms(t.Wait), ms(t.Receive), ms(t.SSL)}
}

func phases(x exchange) harTimings {
	t := harTimings{DNS: -1, Connect: -1, SSL: -1}
	end := x.end
	if end == 0 {
		end = x.start
	}
	if x.resp == nil || x.resp.Timing == nil {
		t.Wait = math.Max((end-x.start)*1000, 0)
		return t
	}
	rt := x.resp.Timing
	t.Blocked = math.Max((rt.RequestTime-x.start)*1000, 0) + firstStart(rt.DNSStart, rt.ConnectStart, rt.SendStart)
	t.DNS = span(rt.DNSStart, rt.DNSEnd)
	t.Connect = span(rt.ConnectStart, rt.ConnectEnd)
	t.SSL = span(rt.SslStart, rt.SslEnd)
	t.Send = math.Max(rt.SendEnd-rt.SendStart, 0)
	t.Wait = math.Max(rt.ReceiveHeadersEnd-rt.SendEnd, 0)
	if x.end > 0 {
		t.Receive = math.Max((x.end-rt.RequestTime)*1000-rt.ReceiveHeadersEnd, 0)
	}
	return t
}

// ms rounds milliseconds to the microsecond, the clock's precision.
func ms(v float64) float64 { return math.Round(v*1000) / 1000 }

func firstStart(starts ...float64) float64 {
	for _, s := range starts {
		if s >= 0 {
			return s
		}
	}
	return 0
}

func span(start, end float64) float64 {
	if start < 0 || end < start {
		return -1
	}
	return end - start
}
