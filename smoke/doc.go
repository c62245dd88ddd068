// Package smoke holds the runbook's smoke tests, one package each, in
// runbook order: health, signup, extension, history, quota, billing,
// passwordreset. Each runs alone (go test ./smoke/quota) or through the
// gate (make smoke), against the sandbox or a remote deployment.
package smoke
