// Package deploy holds the synthetic runner's Kubernetes manifests and
// their tests, in a module of its own so that the Kubernetes and
// prometheus-operator trees stay out of the main module: a CronJob for
// once and its schedule and state volume; per region a Deployment,
// Service, schedule ConfigMap and state volume for serve; a delivery-only
// Deployment and Service for rollout controllers; a ServiceMonitor and a
// PrometheusRule for prometheus-operator; actions.yml, the schedule of the
// GitHub workflow. The tests decode them with the Kubernetes API's and the
// operator's Go types and hold them to each other: references, cadences,
// rules.
package deploy
