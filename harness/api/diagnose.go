package api

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
	"time"
)

// Class is a kind of failure to reach a target or to read its answer,
// each with its own cause and advice.
type Class string

// The classes Diagnose tells apart. A failure of none of them (the target
// answered, in the right form, something wrong: its database is down, a
// field is missing) keeps the check's own advice, the runbook's.
const (
	DNS          Class = "dns"           // the host name does not resolve
	Refused      Class = "refused"       // nothing listens at the address
	TLSName      Class = "tls-name"      // the certificate is for another name
	TLSAuthority Class = "tls-authority" // signed by an authority the gate does not trust
	TLSExpired   Class = "tls-expired"   // expired or not yet valid
	TLSInvalid   Class = "tls-invalid"   // another certificate problem
	PlainHTTP    Class = "plain-http"    // https:// spoken to a plain-HTTP port
	Timeout      Class = "timeout"       // no answer in time
	WrongType    Class = "content-type"  // a web page where JSON was expected
)

// Where names a target for messages: what it is ("API"), its address, the
// variable the address came from ("SMOKE_API_URL"), and how long a
// request may wait for its answer (zero: not known).
type Where struct {
	Name, URL, Variable string
	Wait                time.Duration
}

// Diagnosis is a failure's class, what happened in words, and what to do.
type Diagnosis struct {
	Class  Class
	Cause  string
	Advice string
}

// Diagnose classifies an error met reaching w: a Go transport error (by
// its types), or the text of one that kept only words (the browser's
// net::ERR_ codes, a database driver's summary). ok is false for an error
// of none of the classes.
func Diagnose(err error, w Where) (d Diagnosis, ok bool) {
	if err == nil {
		return Diagnosis{}, false
	}
	if why, ok := DescribeTLS(err); ok {
		return tlsDiagnosis(err, why, w), true
	}
	c, found := classOf(err)
	if !found {
		return Diagnosis{}, false
	}
	return describe(c, err, w), true
}

// Unresolved reports whether err is a host name that does not resolve.
func Unresolved(err error) bool {
	c, ok := classOf(err)
	return ok && c == DNS
}

// classOf finds the class by the error's types first, then by its words.
func classOf(err error) (Class, bool) {
	if err == nil {
		return "", false
	}
	var dns *net.DNSError
	var rec tls.RecordHeaderError
	var ue *url.Error
	switch {
	case errors.As(err, &dns) && !dns.IsTimeout:
		return DNS, true
	case errors.Is(err, syscall.ECONNREFUSED):
		return Refused, true
	case errors.As(err, &rec):
		return PlainHTTP, true
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &ue) && ue.Timeout():
		return Timeout, true
	}
	msg := strings.ToLower(err.Error())
	for _, w := range words {
		for _, s := range w.say {
			if strings.Contains(msg, s) {
				return w.class, true
			}
		}
	}
	return "", false
}

// words are how errors that kept only their text say each class.
var words = []struct {
	class Class
	say   []string
}{
	{DNS, []string{"no such host", "err_name_not_resolved", "server misbehaving"}},
	{Refused, []string{"connection refused", "err_connection_refused"}},
	{PlainHTTP, []string{"server gave http response to https client", "first record does not look like a tls handshake", "err_ssl_protocol_error"}},
	{TLSName, []string{"err_cert_common_name_invalid"}},
	{TLSAuthority, []string{"err_cert_authority_invalid"}},
	{TLSExpired, []string{"err_cert_date_invalid"}},
	{Timeout, []string{"i/o timeout", "deadline exceeded", "err_timed_out", "err_connection_timed_out", "server selection timeout"}},
}
