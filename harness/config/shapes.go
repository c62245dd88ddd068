package config

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
)

// A shape is a kind of secret the run mints or receives rather than
// configures (a JWT, a reset token, a webhook signature, an OAuth state),
// found by its form wherever it appears.
type shape struct {
	kind string
	re   *regexp.Regexp
	// keep is the number of the group before the secret, kept as it is;
	// the secret is the group after it.
	keep int
}

// SecretParams are the query and form parameters whose values are
// credentials: the one list the registry, the shapes and the browser's
// network log use.
var SecretParams = []string{"token", "access_token", "id_token", "refresh_token", "code", "state", "nonce", "password"}

// MaskParam is the mask RedactShapes writes for a secret parameter's value.
func MaskParam(value string) string { return fingerprint("param", value) }

// No shape's secret takes a backslash: in JSON-escaped text (a HAR's
// body, a report's JSON) one would swallow the escape of the closing
// quote and leave the file unreadable.
var shapes = []shape{
	{"userinfo", regexp.MustCompile(`(\b[a-zA-Z][a-zA-Z0-9+.-]*://)([^/\s:@"'<>]+:[^/\s@"'<>]+)@`), 1},
	{"jwt", regexp.MustCompile(`()(eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,})`), 1},
	{"bearer", regexp.MustCompile(`(\bBearer\s+)([A-Za-z0-9._~+/=-]{8,})`), 1},
	{"header", regexp.MustCompile(`(?im)(\b(?:Authorization|Cookie|Set-Cookie|Stripe-Signature)"?\s*[:=]\s*\[?"?)([^\r\n"\]\\]+)`), 1},
	{"stripe-signature", regexp.MustCompile(`()(t=\d+,v1=[0-9a-f]{16,}(?:,v0=[0-9a-f]+)?)`), 1},
	{"param", regexp.MustCompile(`(\b(?:` + strings.Join(SecretParams, "|") + `)=)([^&\s"'<>\\]+)`), 1},
	{"json", regexp.MustCompile(`("(?:token|access_token|id_token|refresh_token|nonce|password)"\s*:\s*")([^"\\]+)`), 1},
}

// RedactShapes masks every secret it recognises by its form, leaving a
// short fingerprint («redacted:jwt:3f2a») so that two mentions of one value
// can still be matched.
func RedactShapes(s string) string {
	for _, sh := range shapes {
		s = sh.re.ReplaceAllStringFunc(s, func(m string) string {
			g := sh.re.FindStringSubmatch(m)
			if len(g) <= sh.keep+1 || isMask(g[sh.keep+1]) {
				return m
			}
			return g[sh.keep] + fingerprint(sh.kind, g[sh.keep+1])
		})
	}
	return s
}

func fingerprint(kind, secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return "«redacted:" + kind + ":" + hex.EncodeToString(sum[:2]) + "»"
}

var maskRE = regexp.MustCompile(`^«redacted:|^\[redacted\]|^\*+$`)

func isMask(v string) bool { return maskRE.MatchString(v) || v == mask }
