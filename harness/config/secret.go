package config

import (
	"fmt"
	"net/url"
	"strings"
)

const mask = "[redacted]"

// Secret holds a value that must never reach output: a token, a key, a
// password or a URI with credentials. Every printing path shows a mask.
type Secret struct{ v string }

// NewSecret wraps v.
func NewSecret(v string) Secret { return Secret{v: v} }

// Value returns the secret itself, for the one place that needs it.
func (s Secret) Value() string { return s.v }

// IsSet reports whether the secret has a value.
func (s Secret) IsSet() bool { return s.v != "" }

// String returns a mask, or "" when the secret is empty.
func (s Secret) String() string {
	if s.v == "" {
		return ""
	}
	return mask
}

// GoString keeps %#v from printing the value.
func (s Secret) GoString() string { return `config.Secret("` + s.String() + `")` }

// Format keeps every verb (%v, %s, %q, %x, ...) from printing the value.
func (s Secret) Format(f fmt.State, verb rune) { fmt.Fprint(f, s.String()) }

// MarshalText makes JSON, XML and YAML encoders print the mask.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// RedactURI hides the password of a URI such as
// mongodb://user:pass@host/db; other URIs come back unchanged. A URI that
// cannot be parsed is masked whole, since it might hold credentials.
func RedactURI(uri string) string {
	if uri == "" {
		return ""
	}
	u, err := url.Parse(uri)
	if err != nil {
		return mask
	}
	if u.User == nil {
		return uri
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return strings.Replace(u.String(), "xxxxx", mask, 1)
}
