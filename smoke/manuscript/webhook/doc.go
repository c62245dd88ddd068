// Package webhook is the manuscript runbook's check 4, Stripe's "send test
// webhook" made repeatable: a checkout.session.completed signed with
// stripe-go for a fresh test account is answered {"received": true} and
// makes an active subscriptions row that /subscription/status shows; a bad
// signature gets 400 "Invalid signature"; the same event again changes
// nothing; customer.subscription.deleted ends the subscription.
package webhook
