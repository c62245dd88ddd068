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
	bin := syntheticBin(t)
	pgBin := lookPath(t, "prometheus-pushgateway", "pushgateway")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	recv := newReceiver(t)
	work := t.TempDir()
	pgAddr, verdictAddr := freePort(t), freePort(t)
	start(t, work, cleanEnv(), pgBin, "--web.listen-address="+pgAddr)
	awaitHTTP(ctx, t, "http://"+pgAddr+"/-/ready")
	startEngines(ctx, t, work, recv, [][3]string{{"pushgateway", pgAddr, "true"}, {"delivery", verdictAddr, "false"}})

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
