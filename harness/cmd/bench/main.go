// Command bench times the gate: N runs in sandbox mode and N in remote mode
// against one standalone sandbox, alternating, after one warm-up run of
// each. It prints min/median/max of wall time, CPU time (user + system of
// the whole process tree, Chromium included) and peak resident set of the
// tree, and each test's time from the run's events.jsonl (junit.xml for a
// revision from before it). With -base <commit> it also
// builds that revision's gate in a temporary git worktree, alternates the
// two gates run by run, and prints new/old ratios.
//
//	make bench N=10 BASE=b049aef
//
// CPU time is the bench's rusage of reaped children: it makes itself their
// subreaper, so helpers orphaned by an exiting Chromium count too (the
// table says how many there were per run, and how many it had to kill).
// Peak RSS sums /proc/<pid>/statm over the tree every 50 ms (shared pages
// count once per process). The new gate runs with the Go toolchain off its
// PATH.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/smokegate/smokegate/harness/proc"
)

// options are the bench's flags.
type options struct {
	n     int
	base  string
	bin   string
	modes []string
}

func main() {
	var o options
	modes := flag.String("modes", "sandbox,remote", "modes to time: sandbox (the gate starts its own), remote (the standalone sandbox)")
	flag.IntVar(&o.n, "n", 5, "timed runs per gate and mode")
	flag.StringVar(&o.base, "base", "", "also time the gate of this commit, alternating with this one")
	flag.StringVar(&o.bin, "bin", "bin", "the bin folder make build filled")
	flag.Parse()
	o.modes = strings.Split(*modes, ",")
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options) error {
	if o.n < 1 {
		return fmt.Errorf("-n is %d; give at least 1 run", o.n)
	}
	if err := proc.BecomeSubreaper(); err != nil {
		return err
	}
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "smokegate-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	sb, err := startSandbox(ctx, root, tmp)
	if err != nil {
		return err
	}
	defer sb.stop()
	exe, err := filepath.Abs(filepath.Join(o.bin, "smokegate"))
	if err != nil {
		return err
	}
	gates := []gate{{name: "new", label: "new (" + revision(ctx, root) + ")", dir: root, exe: exe, env: withoutGo(cleanEnv(os.Environ()))}}
	if o.base != "" {
		old, cleanup, err := buildBase(ctx, root, tmp, o.base, sb.envFile)
		if err != nil {
			return err
		}
		defer cleanup()
		gates = append(gates, old)
	}
	vs := variants(gates, o.modes)
	if err := rounds(ctx, vs, o.n, tmp, map[int]bool{sb.pid(): true}); err != nil {
		return err
	}
	fmt.Printf("\nsmokegate bench: %d runs per gate and mode, alternating, after a warm-up run each\n", o.n)
	printTable(os.Stdout, vs)
	return nil
}

// variants pairs every mode with every gate, gates alternating.
func variants(gates []gate, modes []string) []*variant {
	var vs []*variant
	for _, mode := range modes {
		for _, g := range gates {
			file := "" // sandbox mode: no .env.<name> file
			if mode == "remote" {
				file = envName
			}
			env := append(slices.Clone(g.env), "SMOKE_TARGET="+mode, "SMOKE_ENV="+file)
			vs = append(vs, &variant{gate: g, mode: mode, env: env})
		}
	}
	return vs
}

// cleanEnv drops the variables that would point a gate elsewhere.
func cleanEnv(env []string) []string {
	return slices.DeleteFunc(slices.Clone(env), func(kv string) bool {
		return strings.HasPrefix(kv, "SMOKE_") || strings.HasPrefix(kv, "SANDBOX_") || strings.HasPrefix(kv, "GITHUB_STEP_SUMMARY=")
	})
}

// withoutGo takes the Go toolchain's folder off PATH: the compiled gate
// must not need it.
func withoutGo(env []string) []string {
	goExe, err := exec.LookPath("go")
	if err != nil {
		return env
	}
	goDir := filepath.Dir(goExe)
	out := slices.Clone(env)
	for i, kv := range out {
		if path, ok := strings.CutPrefix(kv, "PATH="); ok {
			dirs := slices.DeleteFunc(filepath.SplitList(path), func(d string) bool { return filepath.Clean(d) == goDir })
			out[i] = "PATH=" + strings.Join(dirs, string(filepath.ListSeparator))
		}
	}
	return out
}
