package api

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
	"time"
)

// The exchange's figures are the target's time: a server that waits before
// its headers and again before the end of its body shows both waits.
func TestExchangeTiming(t *testing.T) {
	const head, tail = 60 * time.Millisecond, 40 * time.Millisecond
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(head)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		w.(http.Flusher).Flush()
		time.Sleep(tail)
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	defer srv.Close()
	c := New(Options{BaseURL: srv.URL, Fail: func(f Failure) { t.Errorf("unexpected failure: %s", f.Message) }})
	if _, ok := c.Last(); ok {
		t.Fatal("Last before any request reports an exchange")
	}
	c.Expect().GET("/slow").Expect().Status(http.StatusOK).JSON().Object().Value("ok").IsEqual(true)
	x, ok := c.Last()
	if !ok {
		t.Fatal("no exchange recorded")
	}
	if x.TTFB < head || x.TTFB >= head+tail {
		t.Errorf("TTFB = %s, want at least %s and less than %s", x.TTFB, head, head+tail)
	}
	if x.Total < head+tail {
		t.Errorf("Total = %s, want at least %s", x.Total, head+tail)
	}
}

// Every request of a client carries its trace id in a W3C traceparent,
// with a span id of its own, and the synthetic tracestate entry.
func TestTraceparent(t *testing.T) {
	var got []string
	var states []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Header.Get("traceparent"))
		states = append(states, r.Header.Get("tracestate"))
	}))
	defer srv.Close()
	id := NewTraceID()
	c := New(Options{BaseURL: srv.URL, TraceID: id, Fail: func(f Failure) { t.Fatal(f.Message) }})
	c.Expect().GET("/a").Expect().Status(http.StatusOK)
	c.Expect().GET("/b").Expect().Status(http.StatusOK)
	valid := regexp.MustCompile(`^00-` + id + `-[0-9a-f]{16}-01$`)
	if len(got) != 2 || !valid.MatchString(got[0]) || !valid.MatchString(got[1]) || got[0] == got[1] {
		t.Errorf("traceparent headers %q, want two spans of trace %s", got, id)
	}
	if states[0] != TraceState {
		t.Errorf("tracestate %q, want %q", states[0], TraceState)
	}
	plain := New(Options{BaseURL: srv.URL, Fail: func(f Failure) { t.Fatal(f.Message) }})
	plain.Expect().GET("/c").Expect().Status(http.StatusOK)
	if got[2] != "" {
		t.Errorf("a client without a trace id sent traceparent %q", got[2])
	}
}
