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
	promBin, amBin := lookPath(t, "prometheus"), lookPath(t, "prometheus-alertmanager", "alertmanager")
	bin := filepath.Join(root, "bin")
	if _, err := os.Stat(filepath.Join(bin, "synthetic")); err != nil {
		t.Fatalf("%s/synthetic is missing: run make build first", bin)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	recv := newReceiver(t)
	work, tmp := t.TempDir(), shortTemp(t)
	runnerAddr, promAddr, amAddr := freePort(t), freePort(t), freePort(t)

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
	writeFile(t, filepath.Join(work, "am.yml"), `route:
  receiver: test
  group_by: [alertname, check]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: test
    webhook_configs:
      - url: %s/alertmanager
        send_resolved: true
`, recv.srv.URL)
	writeFile(t, filepath.Join(work, "prometheus.yml"), `global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: [%s]
alerting:
  alertmanagers:
    - static_configs: [{targets: ["%s"]}]
scrape_configs:
  - job_name: synthetic
    static_configs: [{targets: ["%s"]}]
`, filepath.Join(root, "synthetic", "alerts", "rules.yml"), amAddr, runnerAddr)

	start(t, work, cleanEnv(), amBin, "--config.file=am.yml", "--storage.path="+filepath.Join(work, "am"),
		"--web.listen-address="+amAddr, "--cluster.listen-address=")
	start(t, work, cleanEnv(), promBin, "--config.file=prometheus.yml", "--storage.tsdb.path="+filepath.Join(work, "prom"),
		"--web.listen-address="+promAddr)
	runner := start(t, work, cleanEnv("TMPDIR="+tmp), filepath.Join(bin, "synthetic"), "serve")
	awaitHTTP(ctx, t, "http://"+amAddr+"/-/ready")
	awaitHTTP(ctx, t, "http://"+promAddr+"/-/ready")
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
