// Package d1 queries a Cloudflare D1 database through Cloudflare's API
// with cloudflare-go (the D1 query route), so the same client reads a
// deployment and the sandbox that serves the same route. It knows no
// table: a product's smoke code writes its own typed operations on top,
// with constant SQL and parameters, and checks every account it writes
// to with Guard first.
package d1
