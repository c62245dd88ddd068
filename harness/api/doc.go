// Package api is the suite's HTTP client: httpexpect with a base URL,
// bearer auth, a timeout on every request and the latency of each call.
//
// A failed assertion becomes one short message (what was asked, what came
// back) handed to the Fail func, and every exchange is kept, redacted and
// truncated, so the caller can attach it as evidence.
package api
