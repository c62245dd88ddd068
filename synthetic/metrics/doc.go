// Package metrics exports the synthetic runner's results for Prometheus,
// in the style of the blackbox exporter: per check and target, success,
// duration, last run time, consecutive failures, runs by result and
// missed slots; per runbook test, its duration and budget; and the
// runner's own health (up, build info, runs in progress).
//
// Each runner has its own registry (no global state), served on /metrics
// by serve and pushed to a Pushgateway by once.
package metrics
