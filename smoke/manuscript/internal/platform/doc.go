// Package platform is the manuscript platform's data as its smoke tests
// see it: typed reads of the D1 tables the checks use, and the few writes
// the suite makes, each on a test account the guard accepts (mark it
// verified, delete it and its rows children first). No SQL is built from
// input: every statement is a constant, every value a parameter.
package platform
