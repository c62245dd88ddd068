// Package rollouts holds the tests that drive smokegate's delivery
// endpoints with the rollout controllers' own code: Argo Rollouts' web
// metric provider with the repo's AnalysisTemplate, and Flagger's webhook
// client with the repo's Canary. It is a module of its own, so that the
// Kubernetes tree those projects bring never reaches the users of the
// harness; make test runs it.
package rollouts
