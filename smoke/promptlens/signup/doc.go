// Package signup is runbook smoke test 2: a brand-new user signs up with
// Google and lands on the dashboard on the free plan.
//
// Modes (SMOKE_SIGNUP_MODE): full signs a new run-tagged identity up
// through a test identity provider's page (sandbox, staging); redirect
// stops at real Google's consent page, which automation cannot pass, and
// checks the request the dashboard sent.
package signup
