// Package signin is the manuscript runbook's check 2: the pre-made test
// account (SMOKE_TEST_EMAIL) logs in, its token reads /manuscripts, and a
// wrong password is refused with 401. It only reads, so it runs on a
// read-only target too.
package signin
