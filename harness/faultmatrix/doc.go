// Package faultmatrix judges a gate run against a sandbox with one fault
// switched on: did the check that exists for the fault fail, for that
// reason, and did every other check pass or wait for it?
//
// A product's sandbox lists its faults as Fault values; smokegate prove
// runs the gate once per fault and prints one Row per run. The package
// knows no product and runs nothing itself.
package faultmatrix
