package api

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// describe words the cause and the advice of class c for w.
func describe(c Class, err error, w Where) Diagnosis {
	d := Diagnosis{Class: c}
	from := fromVar(w)
	host := hostOf(w.URL)
	switch c {
	case DNS:
		var dns *net.DNSError
		if errors.As(err, &dns) && dns.Name != "" {
			host = dns.Name
		}
		d.Cause = fmt.Sprintf("%s unreachable: its host %s%s does not resolve (DNS: no such host)", w.Name, host, from)
		d.Advice = fmt.Sprintf("check %s for a typo and the name's DNS records; rolling back does not fix DNS", variable(w))
	case Refused:
		d.Cause = fmt.Sprintf("%s unreachable: nothing listens at %s%s (connection refused)", w.Name, hostPort(w.URL), from)
		d.Advice = fmt.Sprintf("check that the %s is running and listening on that port, and that %s names the right host and port", w.Name, variable(w))
	case PlainHTTP:
		d.Cause = fmt.Sprintf("%s unreachable: %s answers plain HTTP, not TLS: https:// was spoken to a plain-HTTP port%s", w.Name, hostPort(w.URL), from)
		d.Advice = fmt.Sprintf("if it serves plain HTTP there on purpose, use http:// in %s (or the port where TLS is served); if TLS should be there, the deployment lost it", variable(w))
	case Timeout:
		d.Cause = fmt.Sprintf("%s unreachable at %s: no answer in time", w.Name, w.URL)
		if w.Wait > 0 {
			d.Cause = fmt.Sprintf("%s unreachable at %s: no answer within %s", w.Name, w.URL, w.Wait)
		}
		d.Advice = fmt.Sprintf("check the %s's logs and load, and the machine's network path to it (SMOKE_REQUEST_TIMEOUT is the wait)", w.Name)
	case WrongType:
		d.Advice = fmt.Sprintf("check that %s points at the %s itself, not at the dashboard, another site or a proxy's sign-in page", variable(w), w.Name)
	default: // the browser's words for a certificate problem
		d.Cause = fmt.Sprintf("TLS: Chromium refused the certificate (%s)", c)
		d.Advice = tlsAdvice(c, w)
		if c == TLSAuthority {
			d.Advice = "Chromium does not trust the certificate's authority, and SMOKE_CA_FILE reaches only the gate's Go clients, not Chromium; SMOKE_IGNORE_CERT_ERRORS=true accepts such certificates on replica pages"
		}
	}
	return d
}

// tlsDiagnosis keeps DescribeTLS's exact account of the certificate as
// the cause, and gives the class's advice.
func tlsDiagnosis(err error, why string, w Where) Diagnosis {
	c := TLSInvalid
	switch {
	case UntrustedCA(err):
		c = TLSAuthority
	case strings.Contains(why, "hostname mismatch"):
		c = TLSName
	case strings.Contains(why, "expired"):
		c = TLSExpired
	}
	cause, _, _ := strings.Cut(why, "; ") // DescribeTLS's own advice follows "; "
	return Diagnosis{Class: c, Cause: cause, Advice: tlsAdvice(c, w)}
}

func tlsAdvice(c Class, w Where) string {
	switch c {
	case TLSName:
		return fmt.Sprintf("serve a certificate for that name, or set %s to a name the certificate covers", variable(w))
	case TLSAuthority:
		return caAdvice
	case TLSExpired:
		return "renew the certificate, and check the machine's clock; a roll-back does not renew it"
	}
	return "check the certificate the server sends and the chain it needs"
}

// WrongContentType diagnoses an answer whose type is a web page where
// JSON was wanted; ok is false for any other type.
func WrongContentType(got, want string, w Where) (Diagnosis, bool) {
	if !strings.Contains(strings.ToLower(got), "html") || strings.Contains(strings.ToLower(want), "html") {
		return Diagnosis{}, false
	}
	d := describe(WrongType, nil, w)
	d.Cause = fmt.Sprintf("the %s answered a web page (%s) where %s was expected", w.Name, got, want)
	return d, true
}

func fromVar(w Where) string {
	if w.Variable == "" {
		return ""
	}
	return " (from " + w.Variable + ")"
}

func variable(w Where) string {
	if w.Variable == "" {
		return "the " + w.Name + "'s address"
	}
	return w.Variable
}

func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return raw
}

// hostPort is the address dialed, with the scheme's port when the URL
// names none.
func hostPort(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	if u.Port() != "" {
		return u.Host
	}
	port := "443"
	if u.Scheme == "http" {
		port = "80"
	}
	return net.JoinHostPort(u.Hostname(), port)
}
