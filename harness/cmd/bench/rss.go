package main

import (
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/smokegate/smokegate/harness/proc"
)

// residentBytes is a process's resident set, from /proc/<pid>/statm
// (cheap to read); 0 once it has ended.
func residentBytes(pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

// peakRSS samples the resident sets of the bench's descendants every
// interval until done is closed, and sends the highest sum.
func peakRSS(exclude map[int]bool, interval time.Duration, done <-chan struct{}) <-chan int64 {
	out := make(chan int64, 1)
	go func() {
		ps := proc.Parents{}
		var peak int64
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			ps.Refresh()
			var sum int64
			for _, pid := range proc.Descendants(ps, os.Getpid(), exclude) {
				sum += residentBytes(pid)
			}
			peak = max(peak, sum)
			select {
			case <-done:
				out <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return out
}
