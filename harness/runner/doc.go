// Package gate runs the smoke packages as the runbook orders them and
// decides: health first, then the rest (in parallel, or one by one with
// fail-fast), one live line per test, then a merged JUnit report, a
// Markdown summary and the verdict with its exit code.
//
// It runs `go test -json` as a child process and never imports a smoke
// package, so a smoke package that does not build is a gate error, not a
// crash of the gate.
package gate
