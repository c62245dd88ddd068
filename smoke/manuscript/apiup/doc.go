// Package apiup is the manuscript runbook's check 1, the owner's own
// "is the API up" after a deploy or a restore: GET /manuscripts without a
// token is 401 within 3 s. A 5xx, a timeout or a 200 fails it, and the
// gate then runs no other check.
package apiup
