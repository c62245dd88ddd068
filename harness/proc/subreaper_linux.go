//go:build linux

package proc

import (
	"fmt"
	"syscall"
)

// BecomeSubreaper makes processes orphaned under this one (their parent
// ended first) its children rather than init's (prctl
// PR_SET_CHILD_SUBREAPER), so that ReapOrphans can end and reap them.
func BecomeSubreaper() error {
	const prSetChildSubreaper = 36 // linux/prctl.h
	if _, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0); errno != 0 {
		return fmt.Errorf("prctl(PR_SET_CHILD_SUBREAPER): %w", errno)
	}
	return nil
}
