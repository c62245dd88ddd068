// Package billing is runbook smoke test 6: Stripe checkout upgrades the
// user to Pro through the signed webhook.
//
// Modes (SMOKE_BILLING_MODE): checkout pays on the hosted page with the
// test card in Chromium (sandbox, Stripe test mode; refused with a live
// key); signed-event posts a checkout.session.completed signed with the
// webhook secret. Both also prove a bad signature is refused and a
// repeated event changes nothing.
package billing
