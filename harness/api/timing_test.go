package api

import (
	"net/http"
	"net/http/httptest"
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
