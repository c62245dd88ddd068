package main

import (
	"errors"
	"fmt"
	"os/exec"
	"syscall"
	"time"

	"github.com/smokegate/smokegate/harness/proc"
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
	orphans, killed := proc.ReapOrphans(proc.Reap{Exclude: exclude, Grace: 5 * time.Second})
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
