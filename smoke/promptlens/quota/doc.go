// Package quota is runbook smoke test 5: a free user's 30-day usage window
// resets on the first request after it runs out.
//
// It moves its own test account's window 30 days back in MongoDB (the
// harness refuses any other account) and asks the API for the usage.
package quota
