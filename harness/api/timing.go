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
	truncated bool // the body went on past MaxBody and was cut there
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
	resp.Body = &timedBody{ReadCloser: resp.Body, t: t, left: MaxBody}
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

// MaxBody is how much of a response body the client reads: past it the
// body ends early (closing the connection), the exchange says "body
// truncated at 1 MiB", and a huge or endless answer costs no more.
const MaxBody = 1 << 20

// timedBody marks the moment its last byte was read, and ends the body
// at MaxBody.
type timedBody struct {
	io.ReadCloser
	t    *timing
	left int64 // bytes still allowed
}

func (b *timedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, b.probeEnd()
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.ReadCloser.Read(p)
	b.left -= int64(n)
	if err == io.EOF {
		b.t.mark(&b.t.bodyDone)
	}
	return n, err
}

// probeEnd is called at the cap: one more byte means the body was cut.
func (b *timedBody) probeEnd() error {
	var one [1]byte
	n, err := io.ReadFull(b.ReadCloser, one[:])
	if n == 0 && (err == io.EOF || err == io.ErrUnexpectedEOF) {
		b.t.mark(&b.t.bodyDone)
		return io.EOF
	}
	b.t.mu.Lock()
	b.t.truncated = true
	b.t.mu.Unlock()
	return io.EOF
}

func (t *timing) wasTruncated() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.truncated
}
