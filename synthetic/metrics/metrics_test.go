package metrics

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/smokegate/smokegate/synthetic"
	"github.com/smokegate/smokegate/synthetic/schedule"
)

func outcome(result synthetic.Result, d time.Duration) synthetic.Outcome {
	return synthetic.Outcome{Check: "full", Target: "https://api.example", Result: result, Duration: d,
		Start: time.Unix(1700000000, 0), Tests: []synthetic.TestResult{
			{Name: "health", Status: "passed", Time: 40 * time.Millisecond, Budget: 5 * time.Second},
			{Name: "billing", Status: "failed", Time: 21 * time.Second, Budget: 20 * time.Second},
			{Name: "quota", Status: "skipped"},
		}}
}

func TestObserve(t *testing.T) {
	m := New(map[string]string{"region": "eu-west"}, false)
	m.Schedule("full", "https://api.example", 900, 3)
	m.Observe(outcome(synthetic.Fail, 30*time.Second), 1)
	m.Observe(outcome(synthetic.Fail, 4*time.Second), 2)
	m.Missed("full", "https://api.example")
	const want = `
# HELP synthetic_check_consecutive_failures Failed runs of the check in a row (a pass resets it; a gate error leaves it).
# TYPE synthetic_check_consecutive_failures gauge
synthetic_check_consecutive_failures{check="full",region="eu-west",target="https://api.example"} 2
# HELP synthetic_check_last_run_timestamp_seconds Unix time the check's last run ended.
# TYPE synthetic_check_last_run_timestamp_seconds gauge
synthetic_check_last_run_timestamp_seconds{check="full",region="eu-west",target="https://api.example"} 1.700000004e+09
# HELP synthetic_check_missed_slots_total Slots skipped because the check's previous run was still going.
# TYPE synthetic_check_missed_slots_total counter
synthetic_check_missed_slots_total{check="full",region="eu-west",target="https://api.example"} 1
# HELP synthetic_check_runs_total Runs of the check by result: pass, fail, error, flaky.
# TYPE synthetic_check_runs_total counter
synthetic_check_runs_total{check="full",region="eu-west",result="error",target="https://api.example"} 0
synthetic_check_runs_total{check="full",region="eu-west",result="fail",target="https://api.example"} 2
synthetic_check_runs_total{check="full",region="eu-west",result="flaky",target="https://api.example"} 0
synthetic_check_runs_total{check="full",region="eu-west",result="pass",target="https://api.example"} 0
# HELP synthetic_check_success 1 if the check's last run passed (or passed on retry), 0 if it failed or the gate could not decide.
# TYPE synthetic_check_success gauge
synthetic_check_success{check="full",region="eu-west",target="https://api.example"} 0
# HELP synthetic_test_budget_seconds The runbook's budget for the test.
# TYPE synthetic_test_budget_seconds gauge
synthetic_test_budget_seconds{check="full",region="eu-west",target="https://api.example",test="billing"} 20
synthetic_test_budget_seconds{check="full",region="eu-west",target="https://api.example",test="health"} 5
# HELP synthetic_test_success 1 if the runbook test passed in the check's last run that ran it, 0 if it failed or errored.
# TYPE synthetic_test_success gauge
synthetic_test_success{check="full",region="eu-west",target="https://api.example",test="billing"} 0
synthetic_test_success{check="full",region="eu-west",target="https://api.example",test="health"} 1
`
	names := []string{"synthetic_check_consecutive_failures", "synthetic_check_last_run_timestamp_seconds",
		"synthetic_check_missed_slots_total", "synthetic_check_runs_total", "synthetic_check_success",
		"synthetic_test_budget_seconds", "synthetic_test_success"}
	if err := testutil.GatherAndCompare(m.Registry, strings.NewReader(want), names...); err != nil {
		t.Error(err)
	}
	if n := testutil.CollectAndCount(m.duration); n != 1 {
		t.Errorf("%d duration series, want 1", n)
	}
}

func TestSuccessByResult(t *testing.T) {
	tests := []struct {
		result synthetic.Result
		want   float64
	}{
		{synthetic.Pass, 1}, {synthetic.Flaky, 1}, {synthetic.Fail, 0}, {synthetic.Error, 0},
	}
	for _, tc := range tests {
		t.Run(string(tc.result), func(t *testing.T) {
			m := New(nil, false)
			m.Observe(outcome(tc.result, time.Second), 0)
			got := testutil.ToFloat64(m.success.WithLabelValues("full", "https://api.example"))
			if got != tc.want {
				t.Errorf("success %v, want %v", got, tc.want)
			}
			if c := testutil.ToFloat64(m.runs.WithLabelValues("full", "https://api.example", string(tc.result))); c != 1 {
				t.Errorf("runs_total{result=%q} %v, want 1", tc.result, c)
			}
		})
	}
}

func TestRunnerHealthAndHandler(t *testing.T) {
	m := New(nil, true)
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	res, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	for _, want := range []string{"synthetic_up 1", "synthetic_build_info{", "process_resident_memory_bytes", "go_goroutines"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

// Push sends the series to a Pushgateway (here a recording server) with
// the job and instance in the path.
func TestPush(t *testing.T) {
	var gotPath, gotBody string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotPath = r.Method + " " + r.URL.Path
		b, _ := io.ReadAll(r.Body)
		gotBody = string(b)
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	m := New(map[string]string{"region": "us-east"}, false)
	m.Observe(outcome(synthetic.Pass, time.Second), 0)
	if err := m.Push(context.Background(), srv.URL, "us-east", "full"); err != nil {
		t.Fatal(err)
	}
	// The client writes the grouping labels in map order.
	if got := groupingPairs(gotPath); got != "PUT /metrics/job/synthetic instance=us-east synthetic_check=full" {
		t.Errorf("pushed to %q", gotPath)
	}
	if !strings.Contains(gotBody, "synthetic_check_success") {
		t.Error("the push carried no synthetic_check_success")
	}
	srv.Close()
	if err := m.Push(context.Background(), srv.URL, "us-east", "full"); err == nil || !strings.Contains(err.Error(), "SYNTHETIC_PUSHGATEWAY_URL") {
		t.Errorf("push to a closed gateway: %v, want an error naming the setting", err)
	}
}

// groupingPairs turns "PUT /metrics/job/<job>/<k>/<v>..." into the method,
// the job's path and its label pairs sorted, so that label order does not
// matter.
func groupingPairs(path string) string {
	method, p, _ := strings.Cut(path, " ")
	parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
	if len(parts) < 3 || len(parts)%2 != 1 {
		return path
	}
	var pairs []string
	for i := 3; i+1 < len(parts); i += 2 {
		pairs = append(pairs, parts[i]+"="+parts[i+1])
	}
	sort.Strings(pairs)
	return method + " /" + strings.Join(parts[:3], "/") + " " + strings.Join(pairs, " ")
}

// Runs outside the schedule have series of their own: a failing deploy
// verdict leaves every scheduled series alone.
func TestOnDemandApart(t *testing.T) {
	m := New(nil, false)
	m.Schedule("full", "https://api.example", 900, 3)
	m.Observe(outcome(synthetic.Pass, time.Second), 0)
	verdict := outcome(synthetic.Fail, time.Second)
	verdict.Check, verdict.Kind = "deploy", synthetic.OnDemandVerdict
	m.OnDemand(verdict.Kind, verdict)
	if n := testutil.CollectAndCount(m.success); n != 1 {
		t.Errorf("%d synthetic_check_success series, want only the scheduled check's", n)
	}
	if n := testutil.CollectAndCount(m.testSuccess); n != 2 {
		t.Errorf("%d synthetic_test_success series, want the scheduled run's 2", n)
	}
	if v := testutil.ToFloat64(m.onDemandOK.WithLabelValues("verdict", "deploy", "https://api.example")); v != 0 {
		t.Errorf("synthetic_ondemand_success %v, want 0", v)
	}
}

// Every label name the runner's series carry is one labels: may not set,
// so no schedule can make New panic (version once did).
func TestReservedLabelsCoverOurs(t *testing.T) {
	m := New(map[string]string{"region": "eu-west"}, false)
	m.Schedule("full", "t", 900, 3)
	m.Observe(outcome(synthetic.Fail, time.Second), 1)
	m.History("full", "t", time.Unix(1700000000, 0), map[string]float64{"billing": 0.2})
	m.OnDemand("run", outcome(synthetic.Pass, time.Second))
	m.Window("full", "t", "deploy", true)
	families, err := m.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		for _, s := range f.GetMetric() {
			for _, l := range s.GetLabel() {
				if l.GetName() != "region" && !slices.Contains(schedule.ReservedLabels, l.GetName()) {
					t.Errorf("%s has label %q, which schedule.ReservedLabels lacks", f.GetName(), l.GetName())
				}
			}
		}
	}
}
