package browser

import (
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/network"
)

// What a passing check pays per request: filing its three events.
func BenchmarkNetLogEvents(b *testing.B) {
	var l *NetLog
	req := &network.Request{URL: "https://dash.example/api/prompts", Method: "GET", Headers: network.Headers{"Accept": "*/*"}}
	resp := &network.Response{Status: 200, MimeType: "application/json"}
	b.ReportAllocs()
	for i := range b.N {
		if i%MaxEntries == 0 { // a new tab: every request is kept
			l = &NetLog{byID: map[network.RequestID]*exchange{}}
		}
		id := network.RequestID(fmt.Sprint(i % MaxEntries))
		l.event(&network.EventRequestWillBeSent{RequestID: id, Request: req})
		l.event(&network.EventResponseReceived{RequestID: id, Response: resp})
		l.event(&network.EventLoadingFinished{RequestID: id})
	}
}
