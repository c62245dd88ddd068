package api

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/smokegate/smokegate/harness/config"
)

// secretFields are the JSON and form fields whose values are credentials.
// "code" and "state" are left out of JSON, where they are error codes and
// statuses.
var secretFields = map[string]bool{
	"token": true, "access_token": true, "id_token": true, "refresh_token": true,
	"password": true, "nonce": true, "client_secret": true, "secret": true,
}

// register hands every credential in headers, body and the request's URL
// to the client's Secret func.
func (c *Client) register(h http.Header, body []byte, u *url.URL) {
	add := c.opts.Secret
	for _, v := range h.Values("Authorization") {
		_, tok, ok := strings.Cut(v, " ")
		if !ok {
			tok = v
		}
		add("authorization", strings.TrimSpace(tok))
	}
	for _, v := range h.Values("Cookie") { // name=value; name=value
		registerPairs(add, strings.Split(v, ";"))
	}
	for _, v := range h.Values("Set-Cookie") { // name=value; Path=/; ...
		registerPairs(add, strings.Split(v, ";")[:1])
	}
	for _, v := range h.Values("Stripe-Signature") {
		add("stripe-signature", v)
		for _, part := range strings.Split(v, ",") {
			if k, val, ok := strings.Cut(part, "="); ok && k != "t" {
				add("stripe-signature", val)
			}
		}
	}
	if u != nil {
		registerParams(add, u.Query())
	}
	registerBody(add, body)
}

func registerPairs(add func(kind, value string), pairs []string) {
	for _, p := range pairs {
		if _, val, ok := strings.Cut(p, "="); ok {
			add("cookie", strings.TrimSpace(val))
		}
	}
}

func registerParams(add func(kind, value string), q url.Values) {
	for _, p := range config.SecretParams {
		for _, v := range q[p] {
			add("param", v)
		}
	}
}

// registerBody registers the credential fields of a JSON body, at any
// depth, or of a form body.
func registerBody(add func(kind, value string), body []byte) {
	var doc any
	if json.Unmarshal(body, &doc) == nil {
		walkJSON(add, doc)
		return
	}
	if q, err := url.ParseQuery(string(body)); err == nil && strings.Contains(string(body), "=") {
		registerParams(add, q)
	}
}

func walkJSON(add func(kind, value string), v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && secretFields[strings.ToLower(k)] {
				add("json", s)
				continue
			}
			walkJSON(add, x)
		}
	case []any:
		for _, x := range v {
			walkJSON(add, x)
		}
	}
}
