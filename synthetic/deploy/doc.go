// Package deploy holds the synthetic runner's Kubernetes manifests (a
// CronJob for once; per region a Deployment, Service and schedule
// ConfigMap for serve) and a test that decodes them with the Kubernetes
// API's Go types and checks what matters: image, command, probes,
// resources, secret references, scrape annotations.
package deploy
