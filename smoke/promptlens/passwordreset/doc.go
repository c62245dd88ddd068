// Package passwordreset is the password reset smoke test (from the
// manuscript platform's runbook): the reset mail arrives, its link works in
// a browser, the new password logs in, and the old password and the used
// link are refused.
//
// The API paths are configurable (SMOKE_LOGIN_PATH, SMOKE_RESET_*), so the
// test also runs against the manuscript platform's /auth/... routes.
// The mail must arrive within 10 s.
package passwordreset
