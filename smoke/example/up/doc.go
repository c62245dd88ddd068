// Package up is the example runbook's one check: GET /health answers 200
// with {"status": "ok"} within the runbook's limit.
package up
