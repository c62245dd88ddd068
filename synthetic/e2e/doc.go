// Package e2e tests the synthetic runner's alert path on the real engines
// (make e2e): the runner serving against the sandbox with a fault, a real
// Prometheus scraping it with the repository's rule file, a real
// Alertmanager routing to a webhook inside the test, and the runner's own
// notifier posting to another. It needs bin/ (make build), prometheus and
// prometheus-alertmanager (make setup), and runs only when SYNTHETIC_E2E=1.
package e2e
