package rollouts

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/argoproj/argo-rollouts/metricproviders/webmetric"
	"github.com/argoproj/argo-rollouts/pkg/apis/rollouts/v1alpha1"
	flaggerv1 "github.com/fluxcd/flagger/pkg/apis/flagger/v1beta1"
	"github.com/fluxcd/flagger/pkg/controller"
	log "github.com/sirupsen/logrus"
	"sigs.k8s.io/yaml"

	"github.com/smokegate/smokegate/fixtures/promptlens"
	"github.com/smokegate/smokegate/harness/runner"
	"github.com/smokegate/smokegate/synthetic"
	"github.com/smokegate/smokegate/synthetic/delivery"
)

const token = "rollouts-test-token"

// cases are the three ways a deploy can go: the sandbox healthy, broken,
// and a gate that cannot decide (no Chromium it can start).
var cases = []struct {
	name    string
	env     map[string]string
	version string // the version the deploy under test serves
	argo    v1alpha1.AnalysisPhase
	flagger string // "" go on; else the error names this
}{
	{"healthy", nil, sandboxVersion, v1alpha1.AnalysisPhaseSuccessful, ""},
	{"broken", map[string]string{"SANDBOX_FAULTS": "history-500"}, sandboxVersion, v1alpha1.AnalysisPhaseFailed, "history"},
	{"gate error", map[string]string{"SMOKE_CHROME_PATH": "/bin/false"}, sandboxVersion, v1alpha1.AnalysisPhaseInconclusive, "could not decide"},
	{"another version live", nil, "v2-not-deployed", v1alpha1.AnalysisPhaseInconclusive, "not live there"},
}

// sandboxVersion is the version the embedded sandbox's API serves.
const sandboxVersion = "sandbox-1.0.0"

// endpoint serves the delivery endpoints with a gate that runs the real
// runbook against the embedded sandbox with env.
func endpoint(t *testing.T, env map[string]string) string {
	t.Helper()
	bin, err := filepath.Abs(filepath.Join("..", "..", "bin"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(bin, "smokegate")); err != nil {
		t.Skip("needs make build (bin/)")
	}
	gate := func(ctx context.Context, version string) synthetic.Outcome {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
		defer cancel()
		e := os.Environ()
		e = append(e, "SMOKE_TARGET=sandbox", "SMOKE_REPORT_DIR="+t.TempDir(), "SMOKE_EXPECT_VERSION="+version)
		for k, v := range env {
			e = append(e, k+"="+v)
		}
		res := runner.Run(ctx, runner.Options{BinDir: bin, Root: t.TempDir(), Env: e, Start: promptlens.Starter})
		return outcome(res)
	}
	s := &delivery.Server{Token: token, Verdicts: &delivery.Verdicts{Gate: gate}, Windows: &delivery.Windows{}}
	mux := http.NewServeMux()
	s.Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

// outcome is the runner's result as the synthetic runner records it.
func outcome(res runner.Result) synthetic.Outcome {
	o := synthetic.Outcome{Code: res.Verdict.Code, Line: res.Verdict.Line, Result: synthetic.Error, Message: res.Verdict.Line}
	switch res.Verdict.Code {
	case 0:
		o.Result = synthetic.Pass
	case 1:
		o.Result = synthetic.Fail
	}
	for _, s := range res.Suites {
		for _, c := range s.Cases {
			o.Tests = append(o.Tests, synthetic.TestResult{Name: s.Name, Status: string(c.Status), Message: c.Message})
		}
	}
	return o
}

// Argo Rollouts' own web metric provider, with the repo's AnalysisTemplate,
// measures Successful, Failed and Inconclusive.
func TestArgoRolloutsWebMetric(t *testing.T) {
	var tmpl v1alpha1.AnalysisTemplate
	decode(t, "analysistemplate.yaml", &tmpl)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			url := endpoint(t, tc.env)
			metric := *tmpl.Spec.Metrics[0].DeepCopy()
			args := strings.NewReplacer("{{args.smokegate-url}}", url, "{{args.version}}", tc.version, "{{args.smokegate-token}}", token)
			metric.Provider.Web.URL = args.Replace(metric.Provider.Web.URL)
			for i := range metric.Provider.Web.Headers {
				metric.Provider.Web.Headers[i].Value = args.Replace(metric.Provider.Web.Headers[i].Value)
			}
			client, err := webmetric.NewWebMetricHttpClient(metric)
			if err != nil {
				t.Fatal(err)
			}
			parser, err := webmetric.NewWebMetricJsonParser(metric)
			if err != nil {
				t.Fatal(err)
			}
			p := webmetric.NewWebMetricProvider(*log.NewEntry(log.New()), client, parser)
			m := p.Run(&v1alpha1.AnalysisRun{}, metric)
			if m.Phase != tc.argo {
				t.Errorf("measurement %s (%s, value %s), want %s", m.Phase, m.Message, m.Value, tc.argo)
			}
		})
	}
}

// Flagger's own webhook client, with the repo's Canary, goes on for a
// healthy deploy and halts with the failing test named otherwise.
func TestFlaggerWebhook(t *testing.T) {
	var canary flaggerv1.Canary
	decode(t, "canary.yaml", &canary)
	if len(canary.GetAnalysis().Webhooks) != 3 {
		t.Fatalf("the Canary has %d webhooks, want pre-rollout, rollout and post-rollout", len(canary.GetAnalysis().Webhooks))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			url := endpoint(t, tc.env)
			hook := canary.GetAnalysis().Webhooks[0]
			hook.URL = url + "/api/v1/flagger"
			meta := map[string]string{"token": token, "version": tc.version}
			hook.Metadata = &meta
			err := controller.CallWebhook(canary, flaggerv1.CanaryPhaseProgressing, hook)
			switch {
			case tc.flagger == "" && err != nil:
				t.Errorf("a healthy deploy halted: %v", err)
			case tc.flagger != "" && (err == nil || !strings.Contains(err.Error(), tc.flagger)):
				t.Errorf("error %v, want a halt naming %q", err, tc.flagger)
			}
		})
	}
}

func decode(t *testing.T, name string, into any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "deploy", "rollouts", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.UnmarshalStrict(b, into); err != nil {
		t.Fatalf("%s does not decode as its project's type: %v", name, err)
	}
}
