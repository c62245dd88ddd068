package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

// The cron forms: three scheduled once runs with a fault, each in a fresh
// process, then a passing one. The state is carried as each form carries
// it: the GitHub workflow restores and saves only state.json (each job
// starts from a fresh checkout), the CronJob keeps the whole folder on
// its volume. Either way the third run posts "failing" once, the fourth
// "recovered" once, and the pushes carry 1, 2, 3, 0 failures in a row.
func TestCronState(t *testing.T) {
	if os.Getenv("SYNTHETIC_E2E") == "" {
		t.Skip("make e2e runs it (SYNTHETIC_E2E=1)")
	}
	bin := syntheticBin(t)
	for _, form := range []string{"workflow", "volume"} {
		t.Run(form, func(t *testing.T) {
			recv := newReceiver(t)
			dir := t.TempDir()
			var prev string
			for i, fault := range []string{"db-down", "db-down", "db-down", ""} {
				work := dir
				if form == "workflow" {
					work = filepath.Join(dir, fmt.Sprint(i))
					carryState(t, prev, work)
					prev = work
				}
				writeFile(t, filepath.Join(work, "synthetic.yml"), "notify:\n  webhook_url: %s/notify\n  backoff: 100ms\nchecks:\n  - name: health\n    tests: [health]\n    cron: \"*/5 * * * *\"\n", recv.srv.URL)
				code, out := runOnce(t, bin, work, fault, recv.srv.URL, "-cron", "*/5 * * * *")
				if want := map[bool]int{true: 1, false: 0}[fault != ""]; code != want {
					t.Fatalf("run %d: exit %d, want %d\n%s", i+1, code, want, out)
				}
			}
			if got := recv.noticeStates(); !slices.Equal(got, []string{"failing", "recovered"}) {
				t.Errorf("the notifier posted %v, want [failing recovered] (failing on the third run)", got)
			}
			if got := recv.pushedValues(t, "synthetic_check_consecutive_failures"); !slices.Equal(got, []float64{1, 2, 3, 0}) {
				t.Errorf("pushed synthetic_check_consecutive_failures %v, want [1 2 3 0]", got)
			}
			if got := recv.pushedValues(t, "synthetic_check_interval_seconds"); len(got) == 0 || got[0] != 300 {
				t.Errorf("pushed synthetic_check_interval_seconds %v, want 300 (the cron's 5 minutes)", got)
			}
		})
	}
}

// carryState copies reports/synthetic/state.json from the previous job's
// folder to the next, as actions/cache does; nothing else carries over.
func carryState(t *testing.T, from, to string) {
	t.Helper()
	state := filepath.Join("reports", "synthetic", "state.json")
	if err := os.MkdirAll(filepath.Join(to, "reports", "synthetic"), 0o755); err != nil {
		t.Fatal(err)
	}
	if from == "" {
		return
	}
	b, err := os.ReadFile(filepath.Join(from, state))
	if err != nil {
		t.Fatalf("the previous run left no state to save: %v", err)
	}
	if err := os.WriteFile(filepath.Join(to, state), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// runOnce runs synthetic once in work against the sandbox with faults,
// pushing to pushgateway; it returns the exit code and the output.
func runOnce(t *testing.T, bin, work, faults, pushgateway string, args ...string) (int, []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append([]string{"once"}, args...)...)
	cmd.Dir, cmd.Env = work, cleanEnv("TMPDIR="+shortTemp(t), "SMOKE_TARGET=sandbox", "SANDBOX_FAULTS="+faults,
		"SYNTHETIC_PUSHGATEWAY_URL="+pushgateway)
	out, _ := cmd.CombinedOutput()
	return cmd.ProcessState.ExitCode(), out
}

func syntheticBin(t *testing.T) string {
	t.Helper()
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	bin := filepath.Join(root, "bin", "synthetic")
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("%s is missing: run make build first", bin)
	}
	return bin
}

// pushedValues reads the value of a gauge in each push, in order.
func (r *receiver) pushedValues(t *testing.T, name string) []float64 {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []float64
	for _, b := range r.bodies {
		if v, ok := gaugeValue(t, b, name); ok {
			out = append(out, v)
		}
	}
	return out
}

// gaugeValue finds the first sample of a metric in the text format, or
// the protobuf delimited format the push client sends.
func gaugeValue(t *testing.T, body, name string) (float64, bool) {
	t.Helper()
	dec := expfmt.NewDecoder(bytes.NewReader([]byte(body)), expfmt.NewFormat(expfmt.TypeProtoDelim))
	if !strings.Contains(body, name) {
		return 0, false
	}
	for {
		var mf dto.MetricFamily
		if err := dec.Decode(&mf); err != nil {
			return 0, false
		}
		if mf.GetName() == name && len(mf.GetMetric()) > 0 {
			return mf.GetMetric()[0].GetGauge().GetValue(), true
		}
	}
}
