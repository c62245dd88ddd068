package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/smokegate/smokegate/harness/proc"
	"github.com/smokegate/smokegate/harness/report"
)

// After a passing, a failing and a SIGTERM'd run in sandbox mode, nothing
// of the run is left: no process (the test is a subreaper, so whatever the
// gate leaves becomes its child, and any process holding the run's TMPDIR
// in its command line, as Chromium's --user-data-dir does, is counted
// wherever it is), no zombie, no entry in the run's TMPDIR.
func TestNothingLeftBehind(t *testing.T) {
	if testing.Short() || runtime.GOOS != "linux" {
		t.Skip("builds the gate and runs it with Chromium; Linux only")
	}
	if err := proc.BecomeSubreaper(); err != nil {
		t.Fatal(err)
	}
	bin := buildGate(t)
	tests := []struct {
		name     string
		faults   string
		termMid  bool // send SIGTERM once a check has a page open
		wantCode int
	}{
		{"passing run", "", false, report.ExitPass},
		{"failing run", "history-500", false, report.ExitFail},
		{"SIGTERM mid-run", "", true, report.ExitUndecided},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tmp := shortTempDir(t)
			before := countLeft(tmp)
			cmd := exec.Command(filepath.Join(bin, "smokegate"))
			cmd.Dir = t.TempDir()
			cmd.Env = gateEnv(tmp, map[string]string{"SMOKE_TARGET": "sandbox", "SANDBOX_FAULTS": tc.faults,
				"SMOKE_REPORT_DIR": filepath.Join(cmd.Dir, "reports")})
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			ended, signalled := make(chan struct{}), make(chan bool, 1)
			if tc.termMid {
				go func() { signalled <- signalWhen(cmd.Process.Pid, tmp, stopFor(true, nil), ended) }()
			}
			_ = cmd.Wait()
			close(ended)
			if tc.termMid && !<-signalled {
				t.Error("the run ended before any check had a page open: nothing was stopped mid-run")
			}
			code := cmd.ProcessState.ExitCode()
			after := countLeft(tmp)
			proc.ReapOrphans(proc.Reap{Grace: time.Second, Term: true}) // leave nothing to the next case
			t.Logf("exit %d; before: %s; after: %s\n%s", code, before, after, out.String())
			if code != tc.wantCode {
				t.Errorf("exit %d, want %d", code, tc.wantCode)
			}
			if after.processes+after.zombies+after.tempFiles > 0 {
				t.Errorf("the run left %s", after)
			}
		})
	}
}

// left is what a run can leave behind.
type left struct {
	processes int // children of the test other than zombies, or holding the run's TMPDIR
	zombies   int // children of the test that ended unreaped
	tempFiles int // entries in the run's TMPDIR
	names     []string
}

func (l left) String() string {
	return "processes " + strconv.Itoa(l.processes) + ", zombies " + strconv.Itoa(l.zombies) +
		", temp entries " + strconv.Itoa(l.tempFiles) + " " + strings.Join(l.names, " ")
}

// countLeft counts the test's own children (the gate's orphans land there)
// and any process whose command line names tmp, and tmp's entries.
func countLeft(tmp string) left {
	var l left
	ps := proc.Parents{}
	ps.Refresh()
	for pid, ppid := range ps {
		stat, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		cmdline, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
		switch {
		case ppid == os.Getpid() && state(string(stat)) == "Z":
			l.zombies++
		case ppid == os.Getpid() || bytes.Contains(cmdline, []byte(tmp)):
			l.processes++
			l.names = append(l.names, strings.ReplaceAll(string(cmdline), "\x00", " ")[:min(60, len(cmdline))])
		}
	}
	entries, _ := os.ReadDir(tmp)
	for _, e := range entries {
		l.tempFiles++
		l.names = append(l.names, e.Name())
	}
	return l
}

// state is the state letter of a /proc/<pid>/stat line ("Z" for a zombie).
func state(stat string) string {
	end := strings.LastIndexByte(stat, ')')
	if f := strings.Fields(stat[end+1:]); end >= 0 && len(f) > 0 {
		return f[0]
	}
	return ""
}

// gateEnv is this process's environment without any smokegate variable,
// with TMPDIR and set.
func gateEnv(tmp string, set map[string]string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SMOKE_") && !strings.HasPrefix(kv, "SANDBOX_") && !strings.HasPrefix(kv, "TMPDIR=") {
			env = append(env, kv)
		}
	}
	env = append(env, "TMPDIR="+tmp)
	for k, v := range set {
		env = append(env, k+"="+v)
	}
	return env
}

// shortTempDir is a fresh TMPDIR for a run. t.TempDir's long names would
// push Chromium's singleton socket path past the 108-byte limit of a Unix
// socket address, and Chromium would refuse to start.
func shortTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "sg")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}
