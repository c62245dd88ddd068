// Package api is the suite's HTTP client: httpexpect with a base URL,
// bearer auth, a timeout on every request and the latency of each call.
//
// A failed assertion becomes one short message (what was asked, what came
// back) handed to the Fail func, and every exchange is kept, redacted and
// truncated, so the caller can attach it as evidence. When no answer came,
// or a web page came where JSON was wanted, Diagnose names the cause (DNS,
// refused, TLS, plain HTTP, timeout) with its own advice, which the
// harness gives instead of the check's; other network errors (the
// mailbox, the browser's page loads) go through it too.
package api
