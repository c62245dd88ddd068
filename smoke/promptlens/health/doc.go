// Package health is runbook smoke test 1: the API answers and reaches its
// database, within 5 seconds.
//
// When it fails the gate runs nothing else: every other test depends on
// the API and the database.
package health
