package sandbox

import (
	"os/exec"
	"syscall"
)

// dieWithParent has Linux send the sandbox command SIGTERM when the gate
// dies without stopping it (SIGKILL, a crash), so it never outlives it.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
