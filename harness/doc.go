// Package harness is what every smoke test stands on.
//
// A smoke package's TestMain calls Main, which loads the configuration,
// starts the sandbox when the target is the sandbox and runs the tests;
// each test reports its case on Go's test stream (test attributes, see
// report.CaseAttrs), which the gate reads. A test calls Start for its handle:
// budget, context, API client, database, browser tab, steps and evidence.
//
// The one rule: a product failure is Failf, a problem of the gate itself is
// GateErrorf. CI rolls back on the first and not on the second.
package harness
