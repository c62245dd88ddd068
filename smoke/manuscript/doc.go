// Package manuscript holds the manuscript publishing platform's runbook
// (runbook.yml) and, one package each, its five smoke tests: apiup,
// signin, passwordreset, webhook, backups. internal/store is the
// platform's data as the suite reads and writes it. go test
// ./smoke/manuscript/... is what a manuscript deploy runs by hand.
package manuscript
