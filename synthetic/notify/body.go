package notify

import (
	"fmt"
	"strings"
	"time"

	"github.com/smokegate/smokegate/synthetic/state"
)

// Generic is the body posted to the generic webhook.
type Generic struct {
	Check               string   `json:"check"`
	State               string   `json:"state"` // failing or recovered
	Result              string   `json:"result"`
	Message             string   `json:"message"`
	Line                string   `json:"line"`
	RunID               string   `json:"runId"`
	Target              string   `json:"target"`
	Report              string   `json:"report"`
	ConsecutiveFailures int      `json:"consecutiveFailures"`
	Time                string   `json:"time"`
	During              []string `json:"during,omitempty"` // deployed: what changed during the window
}

func genericBody(e Event, redact func(string) string) []byte {
	o := e.Outcome
	return mustJSON(Generic{
		Check: o.Check, State: string(e.Change), Result: string(o.Result), Message: redact(o.Message),
		Line: redact(o.Line), RunID: o.RunID, Target: redact(o.Target), Report: redact(e.Report),
		ConsecutiveFailures: e.Consecutive, Time: o.Start.Add(o.Duration).UTC().Format(time.RFC3339),
		During: redactAll(e.During, redact),
	})
}

// slackBody is Slack's incoming-webhook JSON: one text in mrkdwn.
func slackBody(e Event, redact func(string) string) []byte {
	return mustJSON(map[string]string{"text": redact(Text(e))})
}

// Text is the message for people: what changed, the check, the message,
// the run and where its report is.
func Text(e Event) string {
	o := e.Outcome
	var b strings.Builder
	switch e.Change {
	case state.Deployed:
		fmt.Fprintf(&b, ":rocket: DEPLOY %s: %s (%s)", o.Check, o.Line, o.Target)
		if len(e.During) == 0 {
			b.WriteString("\nno scheduled check changed state during the deploy")
		} else {
			b.WriteString("\nduring the deploy:")
		}
		for _, d := range e.During {
			b.WriteString("\n> " + d)
		}
	case state.Recovered:
		fmt.Fprintf(&b, ":white_check_mark: RECOVERED: synthetic check *%s* passes again (%s)", o.Check, o.Target)
	default:
		fmt.Fprintf(&b, ":rotating_light: FAILING: synthetic check *%s* failed %d runs in a row (%s)\n> %s", o.Check, e.Consecutive, o.Target, o.Message)
	}
	fmt.Fprintf(&b, "\nrun %s · report: %s", o.RunID, e.Report)
	return b.String()
}

func redactAll(lines []string, redact func(string) string) []string {
	var out []string
	for _, l := range lines {
		out = append(out, redact(l))
	}
	return out
}
