package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// startEngines starts Alertmanager, delivering every alert to recv, and
// Prometheus with the repository's rules, scraping each job's target
// every second (jobs maps a job name to its address; honor labels for
// the Pushgateway's). It returns when both are ready.
func startEngines(ctx context.Context, t *testing.T, work string, recv *receiver, jobs [][3]string) {
	t.Helper()
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	promBin, amBin := lookPath(t, "prometheus"), lookPath(t, "prometheus-alertmanager", "alertmanager")
	promAddr, amAddr := freePort(t), freePort(t)
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
	scrapes := ""
	for _, j := range jobs { // name, address, honor_labels
		scrapes += fmt.Sprintf("  - job_name: %s\n    honor_labels: %s\n    static_configs: [{targets: [%q]}]\n", j[0], j[2], j[1])
	}
	writeFile(t, filepath.Join(work, "prometheus.yml"), `global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: [%s]
alerting:
  alertmanagers:
    - static_configs: [{targets: ["%s"]}]
scrape_configs:
%s`, filepath.Join(root, "synthetic", "alerts", "rules.yml"), amAddr, scrapes)
	start(t, work, cleanEnv(), amBin, "--config.file=am.yml", "--storage.path="+filepath.Join(work, "am"),
		"--web.listen-address="+amAddr, "--cluster.listen-address=")
	start(t, work, cleanEnv(), promBin, "--config.file=prometheus.yml", "--storage.tsdb.path="+filepath.Join(work, "prom"),
		"--web.listen-address="+promAddr)
	awaitHTTP(ctx, t, "http://"+amAddr+"/-/ready")
	awaitHTTP(ctx, t, "http://"+promAddr+"/-/ready")
}
