package proc

import "time"

// Reap says how ReapOrphans treats the children it finds.
type Reap struct {
	Exclude map[int]bool  // children to leave alone (a sandbox still in use)
	Grace   time.Duration // time they get to end before SIGKILL
	Term    bool          // send SIGTERM at once rather than wait for them to end on their own
}
