// Package manuscript holds the manuscript publishing platform's runbook
// (runbook.yml) and, one package each, its five smoke tests: apiup,
// signin, passwordreset, webhook, backups. internal/store is the
// platform's data as the suite reads and writes it. go test
// ./smoke/manuscript/... is what a manuscript deploy runs by hand.
//
// coverage.md and fields.md are the contract's coverage tables (each fact
// on each path, each field of each answer), held to the checks'
// `// contract:` markers by contract_test.go.
package manuscript
