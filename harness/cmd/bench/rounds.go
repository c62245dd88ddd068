package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// variant is one gate in one mode, and its timed runs.
type variant struct {
	gate
	mode    string
	env     []string
	samples []sample
	tests   []string // test keys in report order
}

// rounds runs every variant once per round, round 0 being the warm-up
// that is not kept.
func rounds(ctx context.Context, vs []*variant, n int, tmp string, exclude map[int]bool) error {
	for round := 0; round <= n; round++ {
		for _, v := range vs {
			s, err := v.runOnce(ctx, filepath.Join(tmp, fmt.Sprintf("%s-%s-%d", v.mode, v.name, round)), exclude)
			if err != nil {
				return err
			}
			what := fmt.Sprintf("run %d/%d", round, n)
			if round == 0 {
				what = "warm-up"
			} else {
				v.samples = append(v.samples, s)
			}
			fmt.Fprintf(os.Stderr, "bench: %-8s %-7s %-20s wall %5.2fs  CPU %5.2fs  peak RSS %4.0f MiB  exit %d\n",
				what, v.mode, v.label, wallSecs(s), cpuSecs(s), rssMiB(s), s.code)
		}
	}
	return nil
}

// runOnce runs the gate with its reports and output in dir.
func (v *variant) runOnce(ctx context.Context, dir string, exclude map[int]bool) (sample, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return sample{}, err
	}
	log, err := os.Create(filepath.Join(dir, "gate.log"))
	if err != nil {
		return sample{}, err
	}
	defer log.Close()
	cmd := exec.CommandContext(ctx, v.exe)
	cmd.Dir, cmd.Stdout, cmd.Stderr = v.dir, log, log
	cmd.Env = append(v.env, "SMOKE_REPORT_DIR="+filepath.Join(dir, "reports"))
	s, err := measure(cmd, exclude)
	if err != nil {
		return s, err
	}
	if s.code != 0 {
		fmt.Fprintf(os.Stderr, "bench: %s %s exited %d: %s\n", v.mode, v.label, s.code, lastLine(filepath.Join(dir, "gate.log")))
	}
	keys, secs, err := streamTimes(filepath.Join(dir, "reports", "latest", "events.jsonl"))
	if err != nil { // a revision from before the test stream carried the results
		junit := filepath.Join(dir, "reports", "latest", "junit.xml") // one folder per run since the verdict issue
		if _, err := os.Stat(junit); err != nil {
			junit = filepath.Join(dir, "reports", "junit.xml") // a revision from before it
		}
		keys, secs, err = junitTimes(junit)
	}
	if err != nil {
		return s, nil // an undecided run writes no report; its exit code shows
	}
	s.tests = secs
	for _, k := range keys {
		if !slices.Contains(v.tests, k) {
			v.tests = append(v.tests, k)
		}
	}
	return s, nil
}

func lastLine(path string) string {
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return lines[len(lines)-1]
}
