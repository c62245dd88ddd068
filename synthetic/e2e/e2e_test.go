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

// The alert path end to end: health fails against the sandbox with db-down,
// Prometheus fires SyntheticAPIDown from the repository's rules, Alertmanager
// delivers it with the right labels, the notifier posts "failing" once;
// once the fault is cleared (the runner reads .env anew for every run),
// the alert resolves and the notifier posts "recovered" once.
func TestAlertPath(t *testing.T) {
	if os.Getenv("SYNTHETIC_E2E") == "" {
		t.Skip("make e2e runs it (SYNTHETIC_E2E=1): it starts Prometheus, Alertmanager and the runner")
	}
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	bin := filepath.Join(root, "bin")
	if _, err := os.Stat(filepath.Join(bin, "synthetic")); err != nil {
		t.Fatalf("%s/synthetic is missing: run make build first", bin)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	recv := newReceiver(t)
	work, tmp := t.TempDir(), shortTemp(t)
	runnerAddr := freePort(t)

	writeFile(t, filepath.Join(work, ".env"), "SMOKE_TARGET=sandbox\nSANDBOX_FAULTS=db-down\n")
	writeFile(t, filepath.Join(work, "synthetic.yml"), `listen: %s
max_jitter: 1ms
notify:
  after_failures: 2
  webhook_url: %s/notify
  backoff: 100ms
checks:
  - name: health
    tests: [health]
    every: 3s
    deadline: 30s
`, runnerAddr, recv.srv.URL)
	startEngines(ctx, t, work, recv, [][3]string{{"synthetic", runnerAddr, "false"}})
	runner := start(t, work, cleanEnv("TMPDIR="+tmp), filepath.Join(bin, "synthetic"), "serve")
	awaitHTTP(ctx, t, "http://"+runnerAddr+"/healthz")

	firing := awaitAlert(ctx, t, recv, "firing")
	for k, want := range map[string]string{"severity": "critical", "check": "health", "target": "sandbox", "product": "promptlens"} {
		if got := firing.Labels[k]; got != want {
			t.Errorf("the firing alert's %s is %q, want %q (labels %v)", k, got, want, firing.Labels)
		}
	}
	await(ctx, t, "the notifier's failing post", func() bool { return slices.Contains(recv.noticeStates(), "failing") })

	writeFile(t, filepath.Join(work, ".env"), "SMOKE_TARGET=sandbox\n") // the fault clears
	awaitAlert(ctx, t, recv, "resolved")
	await(ctx, t, "the notifier's recovered post", func() bool { return slices.Contains(recv.noticeStates(), "recovered") })
	time.Sleep(4 * time.Second) // a few more runs: no repeat may follow
	if got := recv.noticeStates(); !slices.Equal(got, []string{"failing", "recovered"}) {
		t.Errorf("the notifier posted %v, want exactly [failing recovered]", got)
	}
	if !runner.stop(45 * time.Second) {
		t.Error("the runner did not end within 45 s of SIGTERM")
	}
	if entries, _ := os.ReadDir(tmp); len(entries) > 0 {
		t.Errorf("the runner left %d entries in its TMPDIR", len(entries))
	}
}

// awaitAlert waits for Alertmanager to deliver SyntheticAPIDown with the
// given status.
func awaitAlert(ctx context.Context, t *testing.T, r *receiver, status string) amAlert {
	t.Helper()
	var a amAlert
	await(ctx, t, "Alertmanager delivering SyntheticAPIDown "+status, func() bool {
		var ok bool
		a, ok = r.alert(status, "SyntheticAPIDown")
		return ok
	})
	t.Logf("SyntheticAPIDown %s: %v", status, a.Labels)
	return a
}

func lookPath(t *testing.T, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	t.Fatalf("%v not found: run make setup (Debian's prometheus and prometheus-alertmanager)", names)
	return ""
}

// shortTemp is a TMPDIR with a short path: Chromium's socket paths must
// stay under 108 bytes.
func shortTemp(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "se2e")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}
