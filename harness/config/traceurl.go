package config

import (
	"fmt"
	"net/url"
	"strings"
)

// traceIDMark is where SMOKE_TRACE_URL takes a trace's id.
const traceIDMark = "{trace_id}"

// setTraceURL accepts an http(s) URL holding {trace_id}, or nothing.
func setTraceURL(c *Config, v string) error {
	if v == "" {
		return nil
	}
	if !strings.Contains(v, traceIDMark) {
		return fmt.Errorf("%q has no %s where the trace's id goes (e.g. https://tempo.example/explore?traceId=%s)", v, traceIDMark, traceIDMark)
	}
	u, err := url.Parse(strings.ReplaceAll(v, traceIDMark, "0"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL", v)
	}
	c.TraceURL = v
	return nil
}

// TraceLink is the link to the trace with id, "" when SMOKE_TRACE_URL is
// not set or id is empty.
func (c *Config) TraceLink(id string) string {
	if c.TraceURL == "" || id == "" {
		return ""
	}
	return strings.ReplaceAll(c.TraceURL, traceIDMark, url.QueryEscape(id))
}
