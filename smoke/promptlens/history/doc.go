// Package history is runbook smoke test 4: the dashboard's history page
// lists the user's saved prompts with the right text, status and time, and
// pages through them.
//
// It saves its own prompts (one more than a page) for a run-tagged test
// account, signs that account in, and checks the page against the API.
// The page itself must load within 2 s.
package history
