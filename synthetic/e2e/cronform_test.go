package e2e

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// The cron form on real engines: once runs (fresh processes, the state
// carried as the workflow carries it) push to a real Pushgateway, which
// Prometheus scrapes with the repository's rules, alerting through
// Alertmanager. Healthy runs page no one; a fault pages once, after the
// configured count (3); clearing it resolves; a failing deploy verdict
// (serve -delivery-only, scraped too) fires no scheduled alert.
func TestCronForm(t *testing.T) {
	if os.Getenv("SYNTHETIC_E2E") == "" {
		t.Skip("make e2e runs it (SYNTHETIC_E2E=1): it starts the Pushgateway, Prometheus, Alertmanager and the runner")
	}
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	bin := syntheticBin(t)
	promBin, amBin := lookPath(t, "prometheus"), lookPath(t, "prometheus-alertmanager", "alertmanager")
	pgBin := lookPath(t, "prometheus-pushgateway", "pushgateway")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	recv := newReceiver(t)
	work := t.TempDir()
	pgAddr, promAddr, amAddr, verdictAddr := freePort(t), freePort(t), freePort(t), freePort(t)
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
  - job_name: pushgateway
    honor_labels: true
    static_configs: [{targets: ["%s"]}]
  - job_name: delivery
    static_configs: [{targets: ["%s"]}]
`, filepath.Join(root, "synthetic", "alerts", "rules.yml"), amAddr, pgAddr, verdictAddr)
	start(t, work, cleanEnv(), pgBin, "--web.listen-address="+pgAddr)
	start(t, work, cleanEnv(), amBin, "--config.file=am.yml", "--storage.path="+filepath.Join(work, "am"),
		"--web.listen-address="+amAddr, "--cluster.listen-address=")
	start(t, work, cleanEnv(), promBin, "--config.file=prometheus.yml", "--storage.tsdb.path="+filepath.Join(work, "prom"),
		"--web.listen-address="+promAddr)
	for _, addr := range []string{pgAddr, amAddr, promAddr} {
		awaitHTTP(ctx, t, "http://"+addr+"/-/ready")
	}

	pg := "http://" + pgAddr
	var prev string
	run := func(i int, fault string) {
		t.Helper()
		dir := filepath.Join(work, "job", string(rune('a'+i)))
		carryState(t, prev, dir)
		prev = dir
		writeFile(t, filepath.Join(dir, "synthetic.yml"), "notify:\n  webhook_url: %s/notify\n  backoff: 100ms\nchecks:\n  - name: health\n    tests: [health]\n    cron: \"*/5 * * * *\"\n", recv.srv.URL)
		if code, out := runOnce(t, bin, dir, fault, pg, "-cron", "*/5 * * * *"); code == 2 {
			t.Fatalf("run %d could not decide:\n%s", i+1, out)
		}
		time.Sleep(3 * time.Second) // a few scrapes and evaluations of what it pushed
	}
	run(0, "")
	run(1, "")
	if a := recv.alertNames(); len(a) > 0 {
		t.Fatalf("healthy runs paged: %v", a)
	}
	run(2, "db-down")
	run(3, "db-down")
	if _, ok := recv.alert("firing", "SyntheticAPIDown"); ok {
		t.Fatal("SyntheticAPIDown fired after 2 failures; the threshold is 3")
	}
	run(4, "db-down")
	awaitAlert(ctx, t, recv, "firing")
	run(5, "")
	awaitAlert(ctx, t, recv, "resolved")
	if got := recv.noticeStates(); !slices.Equal(got, []string{"failing", "recovered"}) {
		t.Errorf("the notifier posted %v, want [failing recovered]", got)
	}

	// A failing deploy verdict: its own series, no scheduled alert.
	if err := os.MkdirAll(filepath.Join(work, "verdict"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(work, "verdict", ".env"), "SMOKE_TARGET=sandbox\nSANDBOX_FAULTS=db-down\n")
	start(t, filepath.Join(work, "verdict"), cleanEnv("TMPDIR="+shortTemp(t), "SYNTHETIC_API_TOKEN=e2e-token"), bin,
		"serve", "-delivery-only", "-listen", verdictAddr)
	awaitHTTP(ctx, t, "http://"+verdictAddr+"/healthz")
	if v := verdict(ctx, t, "http://"+verdictAddr, "e2e-token"); v != "fail" {
		t.Fatalf("the verdict with db-down is %q, want fail", v)
	}
	await(ctx, t, "SyntheticDeployCompleted for the failed verdict", func() bool {
		_, ok := recv.alert("firing", "SyntheticDeployCompleted")
		return ok
	})
	time.Sleep(3 * time.Second)
	for _, name := range recv.alertNames() {
		if a, ok := recv.alert("firing", name); ok && name != "SyntheticDeployCompleted" && name != "SyntheticAPIDown" {
			t.Errorf("the failing verdict fired %s: %v", name, a.Labels)
		}
	}
	if n := recv.count("firing", "SyntheticAPIDown"); n != 1 {
		t.Errorf("SyntheticAPIDown fired %d times, want once (the verdict must not fire it again)", n)
	}
}

// verdict asks the delivery endpoint for a deploy's verdict.
func verdict(ctx context.Context, t *testing.T, base, token string) string {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/verdict?deploy=e2e", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := (&http.Client{Timeout: 3 * time.Minute}).Do(req)
	if err != nil {
		t.Fatalf("ask for a verdict: %v", err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var v struct{ Verdict string }
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("verdict answered %s: %s", res.Status, b)
	}
	return v.Verdict
}
