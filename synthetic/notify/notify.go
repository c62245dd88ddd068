package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/smokegate/smokegate/synthetic"
	"github.com/smokegate/smokegate/synthetic/state"
)

// Event is a change of a check's state and the run that made it.
type Event struct {
	Change      state.Change
	Outcome     synthetic.Outcome
	Consecutive int    // failed runs in a row
	Report      string // where the run's report is: a link, or a folder
	// During lists, for a deploy message, what changed while the window
	// was open ("health: failing: GET /api/health answered 503"), in order.
	During []string
}

// Notifier posts events. The zero value sends nothing.
type Notifier struct {
	SlackURL   string // Slack incoming webhook; empty: none
	WebhookURL string // generic JSON webhook; empty: none
	// DeploySlackURL is the Slack webhook of the deploy channel: deploy
	// messages go there instead of SlackURL; empty: to SlackURL.
	DeploySlackURL string
	Timeout        time.Duration
	Attempts       int
	Backoff        time.Duration       // before the second attempt, doubled after each
	Redact         func(string) string // required when a URL is set
	Client         *http.Client        // default: a client with Timeout
}

// Enabled tells whether any webhook is configured.
func (n *Notifier) Enabled() bool {
	return n.SlackURL != "" || n.WebhookURL != "" || n.DeploySlackURL != ""
}

// Send posts the event to every configured webhook. The error names which
// one failed, redacted.
func (n *Notifier) Send(ctx context.Context, e Event) error {
	var errs []error
	what, slack := "the Slack webhook (SYNTHETIC_SLACK_WEBHOOK_URL)", n.SlackURL
	if e.Change == state.Deployed && n.DeploySlackURL != "" {
		what, slack = "the deploy channel's Slack webhook (SYNTHETIC_DEPLOY_SLACK_WEBHOOK_URL)", n.DeploySlackURL
	}
	if slack != "" {
		if err := n.post(ctx, what, slack, slackBody(e, n.Redact)); err != nil {
			errs = append(errs, err)
		}
	}
	if n.WebhookURL != "" {
		if err := n.post(ctx, "the webhook (SYNTHETIC_WEBHOOK_URL)", n.WebhookURL, genericBody(e, n.Redact)); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// post sends body, again after a backoff while the answer is an error
// that may pass (no answer, 429, 5xx), up to Attempts times.
func (n *Notifier) post(ctx context.Context, what, url string, body []byte) error {
	wait := n.Backoff
	var last error
	for attempt := 1; attempt <= max(1, n.Attempts); attempt++ {
		if attempt > 1 {
			select {
			case <-ctx.Done():
				return fmt.Errorf("notify %s: gave up after %d attempts (%v): %s", what, attempt-1, ctx.Err(), n.Redact(last.Error()))
			case <-time.After(wait):
			}
			wait *= 2
		}
		retry, err := n.postOnce(ctx, url, body)
		if err == nil {
			return nil
		}
		last = err
		if !retry {
			break
		}
	}
	return fmt.Errorf("notify %s: %s", what, n.Redact(last.Error()))
}

// postOnce makes one POST and says whether a failure is worth a retry.
// Its errors never hold the URL.
func (n *Notifier) postOnce(ctx context.Context, url string, body []byte) (retry bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, n.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return false, errors.New("the URL is not valid")
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := n.client().Do(req)
	if err != nil {
		return true, fmt.Errorf("no answer within %s", n.Timeout)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 1<<16))
	switch {
	case res.StatusCode < 300:
		return false, nil
	case res.StatusCode == http.StatusTooManyRequests || res.StatusCode >= 500:
		return true, fmt.Errorf("answered %s", res.Status)
	default:
		return false, fmt.Errorf("answered %s (check the URL; not retried)", res.Status)
	}
}

func (n *Notifier) client() *http.Client {
	if n.Client != nil {
		return n.Client
	}
	return &http.Client{Timeout: n.Timeout}
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v) // maps and strings only
	return b
}
