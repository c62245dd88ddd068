package api

import (
	"io"
	"net/http"
	"net/http/httptrace"
	"sync"
	"time"
)

// timing is what the target controlled in one exchange: from the moment
// the request was written to its first response byte and to the end of
// its body. The runner's own work before and after is not in it.
type timing struct {
	mu        sync.Mutex
	wrote     time.Time
	firstByte time.Time
	bodyDone  time.Time
}

func (t *timing) mark(field *time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if field.IsZero() {
		*field = time.Now()
	}
}

// figures returns the time to first byte and to the end of the body; a
// figure the exchange did not reach is zero.
func (t *timing) figures() (ttfb, total time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.wrote.IsZero() {
		return 0, 0
	}
	if !t.firstByte.IsZero() {
		ttfb = t.firstByte.Sub(t.wrote)
	}
	if !t.bodyDone.IsZero() {
		total = t.bodyDone.Sub(t.wrote)
	}
	return ttfb, total
}

// timedTransport traces every request and keeps the latest one's timing,
// where the recorder picks it up. A client's requests are sequential (a
// test's steps), so the latest is the one the recorder is looking at;
// http.Client and httpexpect wrap the response, so it cannot be the key.
type timedTransport struct {
	next http.RoundTripper
	mu   sync.Mutex
	last *timing
}

func (tt *timedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t := &timing{}
	trace := &httptrace.ClientTrace{
		WroteRequest:         func(httptrace.WroteRequestInfo) { t.mark(&t.wrote) },
		GotFirstResponseByte: func() { t.mark(&t.firstByte) },
	}
	resp, err := tt.next.RoundTrip(req.WithContext(httptrace.WithClientTrace(req.Context(), trace)))
	if err != nil {
		return nil, err
	}
	resp.Body = &timedBody{ReadCloser: resp.Body, t: t}
	tt.mu.Lock()
	tt.last = t
	tt.mu.Unlock()
	return resp, nil
}

// take returns and forgets the latest request's timing.
func (tt *timedTransport) take() *timing {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	t := tt.last
	tt.last = nil
	if t == nil {
		return &timing{}
	}
	return t
}

// timedBody marks the moment its last byte was read.
type timedBody struct {
	io.ReadCloser
	t *timing
}

func (b *timedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF {
		b.t.mark(&b.t.bodyDone)
	}
	return n, err
}
