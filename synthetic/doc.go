// Package synthetic holds what the scheduled runner's parts share: the
// outcome of one run of a check. The runner itself is synthetic/cmd/synthetic;
// it runs the gate's own engine (harness/runner) on a schedule, so a
// scheduled check is the check the deploy gate runs.
//
// Imports point one way: synthetic may import harness (and its command the
// embedded sandbox), never smoke; nothing outside synthetic imports it.
package synthetic
