package api

import (
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gavv/httpexpect/v2"
)

// Options configures a Client.
type Options struct {
	BaseURL string
	Timeout time.Duration            // per request; default 5s
	Context context.Context          // bounds every request; default none
	Redact  func(string) string      // masks secrets in messages and transcripts
	Fail    func(msg, detail string) // called on the first failed assertion; should stop the test
	Name    string                   // what the base URL is, for messages: "API", "dashboard"
}

// Client sends requests and keeps a transcript of them.
type Client struct {
	opts  Options
	e     *httpexpect.Expect
	trans *timedTransport
	mu    sync.Mutex
	log   []Exchange
}

// New returns a client for opts.BaseURL.
func New(opts Options) *Client {
	if opts.Timeout <= 0 {
		opts.Timeout = 5 * time.Second
	}
	if opts.Redact == nil {
		opts.Redact = func(s string) string { return s }
	}
	if opts.Name == "" {
		opts.Name = "API"
	}
	dialer := &net.Dialer{Timeout: opts.Timeout}
	c := &Client{opts: opts, trans: &timedTransport{
		next: &http.Transport{DialContext: dialer.DialContext, TLSHandshakeTimeout: opts.Timeout, ResponseHeaderTimeout: opts.Timeout},
	}}
	httpClient := &http.Client{
		Timeout:   opts.Timeout,
		Jar:       httpexpect.NewCookieJar(),
		Transport: c.trans,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse // a smoke test checks redirects itself
		},
	}
	c.e = httpexpect.WithConfig(httpexpect.Config{
		BaseURL:          opts.BaseURL,
		Client:           httpClient,
		Context:          opts.Context,
		AssertionHandler: handler{c},
		Printers:         []httpexpect.Printer{recorder{c}},
	})
	return c
}

// Expect returns the httpexpect entry point, without auth.
func (c *Client) Expect() *httpexpect.Expect { return c.e }

// WithToken returns an entry point that sends "Authorization: Bearer token".
func (c *Client) WithToken(token string) *httpexpect.Expect {
	return c.e.Builder(func(r *httpexpect.Request) {
		r.WithHeader("Authorization", "Bearer "+token)
	})
}

// Exchanges returns what was sent and received so far.
func (c *Client) Exchanges() []Exchange {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Exchange(nil), c.log...)
}

// Last returns the latest exchange, with its timing; ok is false before
// the first request.
func (c *Client) Last() (x Exchange, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.log) == 0 {
		return Exchange{}, false
	}
	return c.log[len(c.log)-1], true
}

// Transcript renders the exchanges as text for evidence, redacted.
func (c *Client) Transcript() string {
	var b strings.Builder
	for _, x := range c.Exchanges() {
		b.WriteString(x.String())
		b.WriteString("\n")
	}
	return c.opts.Redact(b.String())
}
