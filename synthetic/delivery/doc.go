// Package delivery puts the gate inside a delivery pipeline: HTTP
// endpoints on synthetic serve that rollout controllers and deploy scripts
// call. A verdict endpoint runs the whole runbook for a deploy (or answers
// the run already going for it) with the three outcomes apart, for Argo
// Rollouts' web metric; a Flagger webhook answers go on or halt; run-now
// runs a named check at once; a deploy window keeps scheduled failures
// from notifying anyone while a deploy is being decided, and ends with one
// message saying how the deploy went. All of them sit behind a bearer
// token; with no token configured they are off.
package delivery
