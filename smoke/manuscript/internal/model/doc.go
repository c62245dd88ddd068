// Package model is the manuscript platform's D1 database as the suite
// sees it: typed reads of the tables the checks use, and the few writes
// the suite makes, each on a test account the guard accepts (mark it
// verified, delete it and its rows children first). No SQL is built from
// input: every statement is a constant, every value a parameter. It knows
// nothing of the harness's tests, so the sweeper links only it.
package model
