package browser

import (
	"context"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// MaxEntries caps the exchanges a NetLog keeps; later ones are counted,
// not kept, so a page that polls cannot grow the log without end.
const MaxEntries = 500

// NetLog records a tab's network exchanges from the DevTools network
// domain's events, in memory only: a passing check pays for a few map
// writes per request. Bodies are fetched only when HAR is called, that
// is, when a failing check writes its evidence.
type NetLog struct {
	mu      sync.Mutex
	byID    map[network.RequestID]*exchange // the latest exchange of each request
	order   []*exchange
	dropped int
}

// exchange is one request and what became of it: an answer, a redirect,
// a failure, or nothing yet.
type exchange struct {
	id       network.RequestID
	req      *network.Request
	wall     float64 // seconds since the epoch, when the request was made
	start    float64 // the browser's monotonic clock, seconds
	resp     *network.Response
	end      float64 // monotonic; 0 while the exchange is open
	received float64 // bytes on the wire
	failure  string  // net::ERR_..., when it failed
}

// Record starts recording the network of the tab in ctx, which must be
// open already (chromedp.Do on it), until ctx ends.
func Record(ctx context.Context) (*NetLog, error) {
	l := &NetLog{byID: map[network.RequestID]*exchange{}}
	if err := chromedp.Listen(ctx, l.event); err != nil {
		return nil, err
	}
	return l, nil
}

// event runs on the tab's reading goroutine: it only files the event.
func (l *NetLog) event(ev any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		if prev := l.byID[e.RequestID]; prev != nil && e.RedirectResponse != nil {
			prev.resp, prev.end = e.RedirectResponse, e.Timestamp.Float64()
		}
		l.add(e)
	case *network.EventResponseReceived:
		if x := l.byID[e.RequestID]; x != nil {
			x.resp = e.Response
		}
	case *network.EventLoadingFinished:
		if x := l.byID[e.RequestID]; x != nil {
			x.end, x.received = e.Timestamp.Float64(), e.EncodedDataLength
		}
	case *network.EventLoadingFailed:
		if x := l.byID[e.RequestID]; x != nil {
			x.end, x.failure = e.Timestamp.Float64(), e.ErrorText
		}
	}
}

func (l *NetLog) add(e *network.EventRequestWillBeSent) {
	if e.Request == nil || strings.HasPrefix(e.Request.URL, "data:") {
		return
	}
	if len(l.order) >= MaxEntries {
		l.dropped++
		delete(l.byID, e.RequestID) // its later events are not ours either
		return
	}
	x := &exchange{id: e.RequestID, req: e.Request, wall: e.WallTime.Float64(), start: e.Timestamp.Float64()}
	l.byID[e.RequestID] = x
	l.order = append(l.order, x)
}

// snapshot copies the exchanges, so HAR can fetch bodies without holding
// the lock the tab's events need.
func (l *NetLog) snapshot() ([]exchange, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]exchange, len(l.order))
	for i, x := range l.order {
		out[i] = *x
	}
	return out, l.dropped
}

// body fetches an exchange's response body when it is text (a binary
// body could not be redacted), whole, to be redacted before it is cut to
// MaxBody, and its size.
func body(ctx context.Context, x exchange) (text string, size int) {
	if x.resp == nil || x.end == 0 || x.failure != "" || !textual(x.resp.MimeType) || isRedirect(x.resp.Status) {
		return "", 0
	}
	r, err := chromedp.Call(ctx, network.GetResponseBody, network.GetResponseBodyParams{RequestID: x.id})
	if err != nil {
		return "", 0
	}
	const maxRedacted = 4 << 20 // bounds the redactor's work on a huge body
	return strings.ToValidUTF8(string(r.Body[:min(len(r.Body), maxRedacted)]), ""), len(r.Body)
}

func textual(mime string) bool {
	for _, t := range []string{"text/", "json", "javascript", "xml", "x-www-form-urlencoded"} {
		if strings.Contains(mime, t) {
			return true
		}
	}
	return false
}

func isRedirect(status int64) bool { return status >= 300 && status < 400 }
