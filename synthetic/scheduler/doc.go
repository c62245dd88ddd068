// Package scheduler runs checks on their schedules: each check in slots
// of its period, each slot a little late at random (jitter), a deadline
// per run, never two runs of one check at once (a slot that finds the
// previous run still going is counted as missed, not queued), never two
// browser checks at once, and on shutdown the runs in progress get a grace
// period to finish before they are cancelled, their results recorded.
//
// It knows nothing of the gate: it calls Scheduler.Run, so its tests run
// on plain functions.
package scheduler
