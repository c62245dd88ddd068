// Package dump loads a gzip SQL export of the manuscript platform's D1
// database into a fresh SQLite file, for the restore drill. It splits the
// export into statements as SQLite reads them (quotes, comments, trigger
// bodies), refuses any statement that could reach a file other than its
// own database (ATTACH, VACUUM INTO, file functions, PRAGMAs outside a
// short list), and bounds what it unpacks and how long it runs: a bad
// export ends in an error naming the statement, never in a hang.
package dump
