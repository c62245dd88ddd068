// Package testjson reads Go's test stream (the events of go test -json,
// or of test2json over a test binary) into the gate's suites: each
// top-level test's verdict, times, steps, evidence and properties come
// from the attributes the harness reports with t.Attr (see
// report.CaseAttrs), and how the test ended from the stream itself. The
// gate's runner and the benchmark read results through it and nothing
// else, in the manner of gotestsum's package of the same name.
package testjson
