// Package schedule reads synthetic.yml, the schedule of the synthetic
// runner: which checks run (a check is a set of runbook tests), how often,
// with which deadline, and where metrics, reports and notifications go.
//
// Every key is documented in synthetic/synthetic.example.yml. An unknown
// key or a bad duration is an error naming the file, line and key; the
// invalid examples in testdata/synthetic/ show each one.
package schedule
