// Package notify posts a check's state changes to webhooks, for teams
// without Alertmanager: one message when a check becomes failing (after N
// failed runs in a row) and one when it recovers, never a repeat while the
// state holds (the state store decides what is a change). It speaks
// Slack's incoming-webhook JSON and a generic JSON body, retries with
// backoff, and passes every text, errors included, through the redactor:
// the webhook URLs themselves carry tokens.
package notify
