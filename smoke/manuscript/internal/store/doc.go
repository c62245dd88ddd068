// Package store is what the manuscript platform's checks share: their
// D1 database (package model) and backups bucket opened for the test, and
// test accounts made through the API, signed in, and removed when the
// test ends.
package store
