//go:build linux

package proc

import (
	"os"
	"syscall"
	"time"
)

// ReapOrphans waits for this process's children (all of them but the
// excluded: call it only when os/exec has waited for its own), ending those
// still running after the grace with SIGKILL, and says how many there were
// and how many it killed. Children that orphaned processes leave while it
// runs are reaped too.
func ReapOrphans(r Reap) (orphans, killed int) {
	seen, kills, termed := map[int]bool{}, map[int]bool{}, map[int]bool{}
	deadline := time.Now().Add(r.Grace)
	ps := Parents{}
	for {
		ps.Refresh()
		left := 0
		for pid, ppid := range ps {
			if ppid != os.Getpid() || r.Exclude[pid] {
				continue
			}
			seen[pid] = true
			var ws syscall.WaitStatus
			if got, _ := syscall.Wait4(pid, &ws, syscall.WNOHANG, nil); got == pid {
				continue
			}
			left++
			switch {
			case time.Now().After(deadline):
				_ = syscall.Kill(pid, syscall.SIGKILL)
				kills[pid] = true
			case r.Term && !termed[pid]:
				_ = syscall.Kill(pid, syscall.SIGTERM)
				termed[pid] = true
			}
		}
		if left == 0 {
			return len(seen), len(kills)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
