// Package smoke holds the smoke tests of each product, one folder per
// runbook: smoke/promptlens/<test> for PromptLens. A folder's runbook.yml
// lists its checks in runbook order, the test functions each must run,
// their budgets, what each needs against a remote target and which change
// nothing (read-only). Each test runs alone (go test ./smoke/promptlens/quota)
// or through the gate (make smoke, bin/smokegate -runbook promptlens).
package smoke
