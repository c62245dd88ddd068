//go:build unix

package runner

import (
	"os/exec"
	"syscall"
	"time"
)

// interruptGroup makes a cancelled run interrupt the test binary as Ctrl-C
// would: test2json ignores SIGINT, so the signal goes to its process group.
// Whatever still runs after grace is killed.
func interruptGroup(cmd *exec.Cmd, grace time.Duration) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGINT) }
	cmd.WaitDelay = grace
}
