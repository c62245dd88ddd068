// Package mail reads the test accounts' mailbox through Mailpit's HTTP API
// (the sandbox's mail sink speaks the same subset), so the same client
// works in the sandbox and in staging.
package mail

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/smokegate/smokegate/harness/api"
	"github.com/smokegate/smokegate/harness/wait"
)

// Summary is one message in a list.
type Summary struct {
	ID      string    `json:"ID"`
	Subject string    `json:"Subject"`
	Created time.Time `json:"Created"`
	To      []Address `json:"To"`
}

// Address is a mail address.
type Address struct {
	Name    string `json:"Name"`
	Address string `json:"Address"`
}

// Message is one message with its bodies.
type Message struct {
	ID      string    `json:"ID"`
	Created time.Time `json:"-"` // when the mailbox received it (from its list)
	Subject string    `json:"Subject"`
	To      []Address `json:"To"`
	Text    string    `json:"Text"`
	HTML    string    `json:"HTML"`
}

// Box is a Mailpit API client.
type Box struct {
	base string
	http *http.Client
}

// timeout bounds each call to the mailbox.
const timeout = 5 * time.Second

// New returns a client of the Mailpit API at base that trusts tlsConf's
// roots (SMOKE_CA_FILE; nil: the system's).
func New(base string, tlsConf *tls.Config) *Box {
	return &Box{base: strings.TrimRight(base, "/"), http: &http.Client{Timeout: timeout, Transport: api.NewTransport(timeout, tlsConf)}}
}

// Search lists the messages to an address, newest first.
func (b *Box) Search(ctx context.Context, to string) ([]Summary, error) {
	var out struct {
		Messages []Summary `json:"messages"`
	}
	q := url.Values{"query": {fmt.Sprintf("to:%q", to)}}
	if err := b.do(ctx, http.MethodGet, "/api/v1/search?"+q.Encode(), nil, &out); err != nil {
		return nil, err
	}
	return out.Messages, nil
}

// Message reads one message.
func (b *Box) Message(ctx context.Context, id string) (*Message, error) {
	var m Message
	if err := b.do(ctx, http.MethodGet, "/api/v1/message/"+url.PathEscape(id), nil, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// Delete removes messages by id.
func (b *Box) Delete(ctx context.Context, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	body, _ := json.Marshal(map[string][]string{"IDs": ids})
	return b.do(ctx, http.MethodDelete, "/api/v1/messages", strings.NewReader(string(body)), nil)
}

// Await polls until a message to the address arrives or ctx ends.
func (b *Box) Await(ctx context.Context, to string) (*Message, error) {
	list, err := wait.For(ctx, "mail to "+to, func(ctx context.Context) ([]Summary, bool, error) {
		list, err := b.Search(ctx, to)
		return list, err == nil && len(list) > 0, err
	})
	if err != nil {
		return nil, err
	}
	m, err := b.Message(ctx, list[0].ID)
	if err != nil {
		return nil, err
	}
	m.Created = list[0].Created
	return m, nil
}

func (b *Box) do(ctx context.Context, method, path string, body *strings.Reader, out any) error {
	var req *http.Request
	var err error
	if body != nil {
		req, err = http.NewRequestWithContext(ctx, method, b.base+path, body)
	} else {
		req, err = http.NewRequestWithContext(ctx, method, b.base+path, nil)
	}
	if err != nil {
		return fmt.Errorf("mailbox request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.http.Do(req)
	if d, ok := api.Diagnose(err, api.Where{Name: "mailbox", URL: b.base, Variable: "SMOKE_MAILPIT_URL"}); ok {
		return fmt.Errorf("%s — %s: %w", d.Cause, d.Advice, err)
	}
	if err != nil {
		return fmt.Errorf("mailbox unreachable at %s (check SMOKE_MAILPIT_URL): %w", b.base, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("mailbox %s %s answered %d", method, path, resp.StatusCode)
	}
	if out == nil {
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("mailbox answer to %s is not Mailpit JSON: %w", path, err)
	}
	return nil
}
