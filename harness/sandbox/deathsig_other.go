//go:build !linux

package sandbox

import "os/exec"

// dieWithParent does nothing where the system cannot tie a child's life to
// its parent's; the gate's own stop (SIGTERM) still ends the command.
func dieWithParent(*exec.Cmd) {}
