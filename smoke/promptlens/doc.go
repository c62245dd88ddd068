// Package promptlens holds PromptLens's runbook (runbook.yml) and, one
// package each, its seven smoke tests: health, signup, extension, history,
// quota, billing, passwordreset. go test ./smoke/promptlens/... is what a
// PromptLens deploy runs.
package promptlens
