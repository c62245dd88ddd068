// Package backups is the manuscript runbook's check 5, the daily look at
// the last backup, made a check: the newest backup run did not fail, the
// newest success is under 24 h old (none in 36 h is critical), its object
// is in the bucket as a non-empty gzip holding SQL, it is not over twice
// the recent average size, and 30 to 40 backups are kept. The run's time
// (under 5 min; over 10 worth a note) is a property. It only reads.
package backups
