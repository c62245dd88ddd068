package proc

import (
	"os"
	"strconv"
	"strings"
)

// Parents maps each live process to its parent. Reading /proc/<pid>/stat
// makes the kernel walk all of the process's threads (costly for Chromium
// and Go), so a process's stat is read once, and again only when its parent
// has gone and it was reparented.
type Parents map[int]int

// Refresh brings the map up to date with /proc (empty where there is none).
func (ps Parents) Refresh() {
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
			if ppid, ok := ParsePPID(string(b)); ok {
				ps[pid] = ppid
			}
		}
	}
}

// ParsePPID reads the parent out of "pid (comm) state ppid ..." (proc(5));
// comm may hold spaces and parentheses, so fields count from the last ')'.
func ParsePPID(stat string) (int, bool) {
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

// Descendants lists root's descendants, leaving out the subtrees of the
// excluded pids.
func Descendants(ps Parents, root int, exclude map[int]bool) []int {
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
