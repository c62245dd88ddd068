// Package status renders the synthetic runner's status page: every check's
// state, its last runs as a strip of coloured marks, its latency over time
// as a small chart, the last failure's message and a link to that run's
// report. Plain HTML and inline SVG from html/template: no script, no
// build step, nothing fetched from elsewhere.
package status
