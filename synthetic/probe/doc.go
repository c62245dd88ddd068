// Package probe runs one check through the gate's own engine
// (harness/runner) and turns its verdict into a synthetic.Outcome: each
// run in a report folder of its own, a fresh run id, a private temporary
// folder for the test binaries, every text through the redactor.
package probe
