// Package runner runs the compiled smoke test binaries as the runbook
// orders them and decides: health first and alone, then the rest a few at
// a time (or one by one with fail-fast), one live line per test, then a
// merged JUnit report, a Markdown summary and the verdict with its exit
// code.
//
// It needs no Go toolchain: it executes bin/smoke/<test>.test through
// bin/test2json (both made by make build) and reads their test2json
// events. It imports no test, and no test imports it; the commands under
// harness/cmd wire it up (and may hand it a sandbox to start).
package runner
