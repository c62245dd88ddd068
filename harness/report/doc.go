// Package report holds the results of smoke tests and turns them into the
// gate's outputs: JUnit XML (valid against the Jenkins schema), a Markdown
// summary for CI step summaries, and the verdict with its exit code.
//
// A product failure is a <failure> and means roll back; a problem of the
// gate or its infrastructure is an <error> and means the gate could not
// decide. Keep the two apart: CI acts on the difference.
package report
