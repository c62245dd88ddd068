// Package passwordreset is the manuscript runbook's check 3: a reset
// request for a fresh test account mails a link; D1 holds its token hashed
// in verification_tokens, expiring in an hour; the link works in Chromium;
// the new password logs in, and the old password and the used link are
// refused.
package passwordreset
