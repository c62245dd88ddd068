package api

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
)

// TraceState marks the suite's requests in the W3C tracestate header, so a
// backend can tell synthetic traffic from its users'.
const TraceState = "smokegate=synthetic"

// NewTraceID returns a random W3C trace id: 32 lower-case hex digits, not
// all zero. A test uses one for all its requests.
func NewTraceID() string {
	var b [16]byte
	for {
		_, _ = rand.Read(b[:])
		if b != [16]byte{} {
			return hex.EncodeToString(b[:])
		}
	}
}

// newSpanID is a random 16-hex-digit span id, one per request.
func newSpanID() string {
	var b [8]byte
	for {
		_, _ = rand.Read(b[:])
		if b != [8]byte{} {
			return hex.EncodeToString(b[:])
		}
	}
}

// SpanFunc starts a span for a request and returns its span id and a func
// that ends it with the answer's status (0 when none came) and error.
type SpanFunc func(req *http.Request) (spanID string, end func(status int, err error))

// traceTransport puts the test's trace id on every request, with a span
// id of its own: traceparent 00-<trace>-<span>-01 (sampled) and the
// tracestate entry that marks the traffic as synthetic. With span set, the
// span id is that of an exported span.
type traceTransport struct {
	next    http.RoundTripper
	traceID string
	span    SpanFunc
}

func (t *traceTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	spanID, end := newSpanID(), func(int, error) {}
	if t.span != nil {
		spanID, end = t.span(req)
	}
	req.Header.Set("traceparent", Traceparent(t.traceID, spanID))
	req.Header.Set("tracestate", TraceState)
	resp, err := t.next.RoundTrip(req)
	status := 0
	if resp != nil {
		status = resp.StatusCode
	}
	end(status, err)
	return resp, err
}

// Traceparent is the W3C traceparent value of a sampled span.
func Traceparent(traceID, spanID string) string {
	return fmt.Sprintf("00-%s-%s-01", traceID, spanID)
}
