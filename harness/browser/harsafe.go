package browser

import (
	"net/url"
	"slices"
	"strings"

	"github.com/smokegate/smokegate/harness/config"
)

// registerHeader hands the credentials of a dropped header to the sink's
// registry: the token of an Authorization, each cookie's value.
func registerHeader(name, value string, sink Sink) {
	if sink.Secret == nil {
		return
	}
	switch strings.ToLower(name) {
	case "authorization", "proxy-authorization":
		_, tok, ok := strings.Cut(value, " ")
		if !ok {
			tok = value
		}
		sink.Secret("authorization", strings.TrimSpace(tok))
	case "cookie":
		for _, pair := range strings.Split(value, ";") {
			if _, v, ok := strings.Cut(pair, "="); ok {
				sink.Secret("cookie", strings.TrimSpace(v))
			}
		}
	case "set-cookie":
		first, _, _ := strings.Cut(value, ";")
		if _, v, ok := strings.Cut(first, "="); ok {
			sink.Secret("cookie", strings.TrimSpace(v))
		}
	}
}

// maskURL replaces the value of each secret query parameter with its
// mask, keeping the query's order and every other byte of the address.
func maskURL(raw string, sink Sink) string {
	base, query, ok := strings.Cut(raw, "?")
	if !ok {
		return raw
	}
	pairs := strings.Split(query, "&")
	for i, p := range pairs {
		name, v, _ := strings.Cut(p, "=")
		if secretParam(name) && v != "" {
			pairs[i] = name + "=" + maskValue(v, sink)
		}
	}
	return base + "?" + strings.Join(pairs, "&")
}

// query lists the URL's parameters for HAR's queryString, the secret
// ones masked.
func query(raw string, sink Sink) []harPair {
	out := []harPair{}
	u, err := url.Parse(raw)
	if err != nil {
		return out
	}
	for _, p := range strings.Split(u.RawQuery, "&") {
		if p == "" {
			continue
		}
		name, v, _ := strings.Cut(p, "=")
		name, _ = url.QueryUnescape(name)
		v, _ = url.QueryUnescape(v)
		if secretParam(name) && v != "" {
			v = maskValue(v, sink)
		}
		out = append(out, harPair{Name: sink.Redact(name), Value: sink.Redact(v)})
	}
	return out
}

func secretParam(name string) bool {
	return slices.Contains(config.SecretParams, strings.ToLower(name))
}

// maskValue registers a secret parameter's value and returns its mask;
// the registered value is the unescaped one, as a page or a log shows it.
func maskValue(v string, sink Sink) string {
	plain, err := url.QueryUnescape(v)
	if err != nil {
		plain = v
	}
	if sink.Secret != nil {
		sink.Secret("param", plain)
	}
	return config.MaskParam(plain)
}
