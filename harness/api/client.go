package api

import (
	"context"
	"crypto/tls"
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
	Timeout time.Duration       // per request; default 5s
	Context context.Context     // bounds every request; default none
	Redact  func(string) string // masks secrets in messages and transcripts
	Fail    func(Failure)       // called on the first failed assertion; should stop the test
	Name    string              // what the base URL is, for messages: "API", "dashboard"
	// Variable is the setting the base URL came from ("SMOKE_API_URL"),
	// named by the advice for a failure to reach it.
	Variable string
	// AnswersJSON says the target answers only JSON, so an HTML page
	// below 500 (a 404 page, a dashboard, a sign-in wall) means the
	// address is wrong, whichever check failed on it.
	AnswersJSON bool
	// Secret registers a credential seen in a request or an answer (the
	// Authorization, Cookie, Set-Cookie and Stripe-Signature values, and
	// token and password fields), before any message or transcript is
	// redacted; nil: none.
	Secret func(kind, value string)
	// TLS holds the roots the client trusts (SMOKE_CA_FILE); nil: the system's.
	TLS *tls.Config
	// TraceID, when set, goes on every request as a W3C traceparent (a new
	// span id each) with the tracestate entry TraceState.
	TraceID string
	// Span, when set with TraceID, makes each request an exported span.
	Span SpanFunc
}

// Failure is what the client hands to Options.Fail: a one-line message
// (what was asked, what came back), httpexpect's full account, and the
// transport error when no answer came back (nil when the target answered),
// so the caller can tell a product failure from a gate error, and the
// diagnosis when the failure is of a known class (DNS, TLS, a web page for
// JSON, ...), whose advice fits better than the check's own.
type Failure struct {
	Message, Detail string
	Err             error
	Diagnosis       *Diagnosis
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
	if opts.Secret == nil {
		opts.Secret = func(string, string) {}
	}
	if opts.Name == "" {
		opts.Name = "API"
	}
	var next http.RoundTripper = NewTransport(opts.Timeout, opts.TLS)
	if opts.TraceID != "" {
		next = &traceTransport{next: next, traceID: opts.TraceID, span: opts.Span}
	}
	c := &Client{opts: opts, trans: &timedTransport{next: next}}
	httpClient := &http.Client{
		Timeout:   opts.Timeout,
		Jar:       httpexpect.NewCookieJar(),
		Transport: c.trans,
		// A redirect is never followed: the test sees the 3xx, and a failed
		// check names its status and Location (a loop ends at its first hop).
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
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

// where names the client's target for a diagnosis.
func (c *Client) where() Where {
	return Where{Name: c.opts.Name, URL: c.opts.BaseURL, Variable: c.opts.Variable, Wait: c.opts.Timeout}
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

// NewTransport is the transport of every Go HTTP client of the harness:
// dial, TLS handshake and response headers each bounded by timeout, and the
// roots of tlsConf (nil: the system's).
func NewTransport(timeout time.Duration, tlsConf *tls.Config) *http.Transport {
	dialer := &net.Dialer{Timeout: timeout}
	return &http.Transport{
		DialContext: dialer.DialContext, TLSClientConfig: tlsConf,
		TLSHandshakeTimeout: timeout, ResponseHeaderTimeout: timeout,
	}
}
