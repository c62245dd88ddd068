// Package contracttest holds a product's contract coverage tables to its
// smoke checks' code, for the test beside the product's runbook
// (smoke/<product>/contract_test.go, run in that folder): each fact on each
// path that serves it has a check (Coverage, coverage.md), and each field
// of an answer a check sees is asserted or listed as a gap with its reason
// (Fields, fields.md), every check marked in the check's code with a
// `// contract:` comment.
package contracttest
