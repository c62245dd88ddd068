package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// sample is one timed gate run.
type sample struct {
	wall, cpu time.Duration
	rss       int64 // peak of the process tree, bytes
	code      int   // the gate's exit code
	tests     map[string]float64
	orphans   int // processes of the gate's tree that outlived their parent
	killed    int // orphans still running 5 s after the gate exited
}

// becomeSubreaper makes processes orphaned under the bench (Chromium
// helpers whose parent ended first) its children rather than init's, so
// their CPU time is counted when the bench reaps them.
func becomeSubreaper() error {
	const prSetChildSubreaper = 36 // linux/prctl.h
	if _, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0); errno != 0 {
		return fmt.Errorf("prctl(PR_SET_CHILD_SUBREAPER): %w", errno)
	}
	return nil
}

// measure runs cmd and returns its wall time, the CPU time (user + system)
// of its whole process tree, from the bench's own rusage of reaped
// children, and the tree's peak resident set, sampled every 50 ms.
func measure(cmd *exec.Cmd, exclude map[int]bool) (sample, error) {
	before := childrenCPU()
	done := make(chan struct{})
	peak := peakRSS(exclude, 50*time.Millisecond, done)
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	orphans, killed := reapOrphans(exclude, 5*time.Second)
	close(done)
	s := sample{wall: wall, cpu: childrenCPU() - before, rss: <-peak, orphans: orphans, killed: killed}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		s.code = exit.ExitCode()
	case err != nil:
		return s, fmt.Errorf("run %s: %w", cmd.Path, err)
	}
	return s, nil
}

// childrenCPU is user + system time of every child the bench has reaped,
// with their reaped descendants (getrusage RUSAGE_CHILDREN).
func childrenCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reapOrphans waits for the children the bench inherited from the gate's
// tree, killing those still running after grace, and says how many there
// were and how many it killed.
func reapOrphans(exclude map[int]bool, grace time.Duration) (orphans, killed int) {
	seen, kills := map[int]bool{}, map[int]bool{}
	deadline := time.Now().Add(grace)
	ps := parents{}
	for {
		ps.refresh()
		left := 0
		for pid, ppid := range ps {
			if ppid != os.Getpid() || exclude[pid] {
				continue
			}
			seen[pid] = true
			var ws syscall.WaitStatus
			if got, _ := syscall.Wait4(pid, &ws, syscall.WNOHANG, nil); got == pid {
				continue
			}
			left++
			if time.Now().After(deadline) {
				_ = syscall.Kill(pid, syscall.SIGKILL)
				kills[pid] = true
			}
		}
		if left == 0 {
			return len(seen), len(kills)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
