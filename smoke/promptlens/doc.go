// Package promptlens holds PromptLens's runbook (runbook.yml) and, one
// package each, its seven smoke tests: health, signup, extension, history,
// quota, billing, passwordreset. go test ./smoke/promptlens/... is what a
// PromptLens deploy runs; it also runs the unit tests of the product's own
// code (internal/, and sweep/, its sweeper), which touch no target.
//
// coverage.md and fields.md are the contract's coverage tables (each fact
// on each path, each field of each answer), held to the checks'
// `// contract:` markers by contract_test.go.
package promptlens
