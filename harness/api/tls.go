package api

import (
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"time"
)

// caAdvice tells how to make the gate trust a private CA.
const caAdvice = "if the deployment uses a private CA, set SMOKE_CA_FILE to its PEM bundle (added to the system's roots)"

// DescribeTLS says which check of the server's certificate failed, from
// the x509 error types, with what to do; ok is false for an error that is
// not a certificate problem.
func DescribeTLS(err error) (why string, ok bool) {
	var unknown x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	switch {
	case errors.As(err, &unknown):
		return fmt.Sprintf("TLS: the certificate%s is signed by an unknown authority%s; %s",
			subject(unknown.Cert), issuer(unknown.Cert), caAdvice), true
	case errors.As(err, &host):
		return fmt.Sprintf("TLS: hostname mismatch: the certificate is for %s, not %s; serve a certificate for that name",
			names(host.Certificate), host.Host), true
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return fmt.Sprintf("TLS: the certificate%s expired or is not yet valid (valid %s to %s); renew it",
			subject(invalid.Cert), day(invalid.Cert, true), day(invalid.Cert, false)), true
	case errors.As(err, &invalid):
		return fmt.Sprintf("TLS: the certificate%s is invalid: %v", subject(invalid.Cert), invalid), true
	}
	return "", false
}

// UntrustedCA reports whether err is a certificate signed by an authority
// the gate does not know: the gate's trust store (or Chromium's, which
// says net::ERR_CERT_AUTHORITY_INVALID) is missing a CA.
func UntrustedCA(err error) bool {
	var unknown x509.UnknownAuthorityError
	if errors.As(err, &unknown) {
		return true
	}
	c, ok := classOf(err)
	return ok && c == TLSAuthority
}

func subject(c *x509.Certificate) string {
	if c == nil || c.Subject.String() == "" {
		return ""
	}
	return fmt.Sprintf(" (%s)", c.Subject)
}

func issuer(c *x509.Certificate) string {
	if c == nil || c.Issuer.String() == "" {
		return ""
	}
	return fmt.Sprintf(" (issuer %s)", c.Issuer)
}

func names(c *x509.Certificate) string {
	if c == nil {
		return "another name"
	}
	var n []string
	n = append(n, c.DNSNames...)
	for _, ip := range c.IPAddresses {
		n = append(n, ip.String())
	}
	if len(n) == 0 {
		return c.Subject.CommonName
	}
	return strings.Join(n, ", ")
}

func day(c *x509.Certificate, from bool) string {
	if c == nil {
		return "?"
	}
	t := c.NotAfter
	if from {
		t = c.NotBefore
	}
	return t.UTC().Format(time.DateOnly)
}
