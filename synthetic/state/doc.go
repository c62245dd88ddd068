// Package state keeps what the runner knows about each check between runs:
// its last runs, its consecutive failures, and whether it is failing (the
// state the notifier reports changes of). It is saved as JSON under the
// reports folder, so a restart, or the next `synthetic once` of a cron
// job, carries on where the last one stopped.
package state
