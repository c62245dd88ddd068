package main

import (
	"os"
	"strconv"
	"strings"
	"time"
)

// parents maps each live process to its parent. Reading /proc/<pid>/stat
// makes the kernel walk all of the process's threads (costly for Chromium
// and Go), so a process's stat is read once, and again only when its parent
// has gone and it was reparented.
type parents map[int]int

// refresh brings the map up to date with /proc.
func (ps parents) refresh() {
	alive := map[int]bool{}
	if d, err := os.Open("/proc"); err == nil {
		names, _ := d.Readdirnames(-1)
		d.Close()
		for _, name := range names {
			if pid, err := strconv.Atoi(name); err == nil {
				alive[pid] = true
			}
		}
	}
	for pid := range ps {
		if !alive[pid] {
			delete(ps, pid)
		}
	}
	for pid := range alive {
		if ppid, ok := ps[pid]; ok && (ppid == 0 || alive[ppid]) {
			continue
		}
		if b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat"); err == nil {
			if ppid, ok := parsePPID(string(b)); ok {
				ps[pid] = ppid
			}
		}
	}
}

// parsePPID reads the parent out of "pid (comm) state ppid ..." (proc(5));
// comm may hold spaces and parentheses, so fields count from the last ')'.
func parsePPID(stat string) (int, bool) {
	end := strings.LastIndexByte(stat, ')')
	if end < 0 {
		return 0, false
	}
	f := strings.Fields(stat[end+1:]) // f[0] is the state
	if len(f) < 2 {
		return 0, false
	}
	ppid, err := strconv.Atoi(f[1])
	return ppid, err == nil
}

// descendants lists root's descendants, leaving out the subtrees of the
// excluded pids (the standalone sandbox).
func descendants(ps parents, root int, exclude map[int]bool) []int {
	children := map[int][]int{}
	for pid, ppid := range ps {
		children[ppid] = append(children[ppid], pid)
	}
	var out []int
	todo := append([]int(nil), children[root]...)
	for len(todo) > 0 {
		pid := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if exclude[pid] {
			continue
		}
		out = append(out, pid)
		todo = append(todo, children[pid]...)
	}
	return out
}

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
		ps := parents{}
		var peak int64
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			ps.refresh()
			var sum int64
			for _, pid := range descendants(ps, os.Getpid(), exclude) {
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
