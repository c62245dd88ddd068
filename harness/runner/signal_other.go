//go:build !unix

package runner

import (
	"os/exec"
	"time"
)

// interruptGroup kills the test process when the run is cancelled.
func interruptGroup(cmd *exec.Cmd, grace time.Duration) { cmd.WaitDelay = grace }
