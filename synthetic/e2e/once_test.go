package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// synthetic once against the sandbox: a pass writes a report and exits 0;
// with db-down it exits 1 and the notifier posts one message.
func TestOnce(t *testing.T) {
	if os.Getenv("SYNTHETIC_E2E") == "" {
		t.Skip("make e2e runs it (SYNTHETIC_E2E=1)")
	}
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	bin := filepath.Join(root, "bin", "synthetic")
	recv := newReceiver(t)
	tests := []struct {
		name      string
		faults    string
		wantCode  int
		wantPosts []string
	}{
		{"passes and writes a report", "", 0, nil},
		{"a fault fails and notifies once", "db-down", 1, []string{"failing"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			recv.mu.Lock()
			recv.notices, recv.pushes = nil, nil
			recv.mu.Unlock()
			work := t.TempDir()
			writeFile(t, filepath.Join(work, "synthetic.yml"), "notify:\n  after_failures: 1\n  webhook_url: %s/notify\nchecks:\n  - name: health\n    tests: [health]\n    every: 1m\n", recv.srv.URL)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "once", "health")
			cmd.Dir, cmd.Env = work, cleanEnv("TMPDIR="+shortTemp(t), "SMOKE_TARGET=sandbox", "SANDBOX_FAULTS="+tc.faults,
				"SYNTHETIC_PUSHGATEWAY_URL="+recv.srv.URL)
			out, _ := cmd.CombinedOutput()
			if code := cmd.ProcessState.ExitCode(); code != tc.wantCode {
				t.Fatalf("exit %d, want %d\n%s", code, tc.wantCode, out)
			}
			reports, _ := filepath.Glob(filepath.Join(work, "reports", "synthetic", "health", "*", "junit.xml"))
			if len(reports) != 1 {
				t.Errorf("%d junit.xml under reports/synthetic/health, want 1\n%s", len(reports), out)
			}
			if want := []string{"/metrics/job/synthetic/instance/synthetic/synthetic_check/health"}; !slices.Equal(recv.pushed(), want) {
				t.Errorf("pushed to %v, want %v", recv.pushed(), want)
			}
			if got := recv.noticeStates(); !slices.Equal(got, tc.wantPosts) {
				t.Errorf("the notifier posted %v, want %v", got, tc.wantPosts)
			}
		})
	}
}
