// Package harness is what every smoke test stands on.
//
// A smoke package's TestMain calls Main, which loads the configuration,
// starts the sandbox when the target is the sandbox and runs the tests;
// each test reports its case on Go's test stream (test attributes, see
// report.CaseAttrs), which the gate reads. A test calls Start for its
// handle, S: the test's life and verdict (context, steps, limits,
// secrets, evidence, cleanup). Clients are functions over it (API, Tab);
// a product's own live with the product.
//
// The one rule: a product failure is Failf, a problem of the gate itself is
// GateErrorf. CI rolls back on the first and not on the second. An error
// whose fault depends on where it was met (the test's own database, the
// browser) goes to Failf through Own or Explain, which decide.
package harness
