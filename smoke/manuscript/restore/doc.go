// Package restore is the manuscript runbook's check 6, the monthly restore
// drill made a check: it takes the newest successful backup at least six
// days old, loads it into a fresh SQLite file in a temporary folder (never
// into D1), and wants every statement to load, the live database's tables
// and columns, the runbook's integrity queries at 0 and plausible row
// counts. Age, size, load time and rows are properties. It only reads.
package restore
