// Package mongo is the suite's MongoDB client, with a guard: it writes only
// to the documents of the suite's own test accounts, those whose email
// matches the configured pattern, and refuses everything else.
//
// Reads are free; every write names the account it touches.
package mongo
