// Package proc keeps a process's tree clean on Linux: it makes the process
// a child subreaper, so helpers orphaned under it (Chromium's crashpad
// handler and zygote children outlive the browser that started them) become
// its children instead of init's, and it reaps them.
//
// Call BecomeSubreaper first, and ReapOrphans only once every child started
// with os/exec has been waited for: ReapOrphans waits for any child it
// finds, and would otherwise take an exit status os/exec is waiting for.
// Elsewhere than Linux both are no-ops.
package proc
