package runner

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/report"
	"github.com/smokegate/smokegate/harness/runbook"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// built holds test2json and the smoke test binaries, made once per test
// run as make build makes them.
var built struct {
	once sync.Once
	dir  string
	err  error
}

func testBinaries(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the smoke test binaries")
	}
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "smokegate-bin"); built.err != nil {
			return
		}
		book, err := os.ReadFile(filepath.Join(repoRoot(t), "smoke", "promptlens", "runbook.yml"))
		if built.err = err; err != nil {
			return
		}
		if built.err = os.MkdirAll(filepath.Join(built.dir, "smoke", "promptlens"), 0o755); built.err != nil {
			return
		}
		if built.err = os.WriteFile(filepath.Join(built.dir, "smoke", "promptlens", "runbook.yml"), book, 0o644); built.err != nil {
			return
		}
		rb, err := runbook.Load(runbook.Path(repoRoot(t), "promptlens"))
		if built.err = err; err != nil {
			return
		}
		compile := []string{"test", "-c", "-tags", "nosandbox", "-o", filepath.Join(built.dir, "smoke", "promptlens") + "/"}
		for _, test := range rb.Tests() { // the checks only: not internal/ or sweep/
			compile = append(compile, "./smoke/promptlens/"+test)
		}
		for _, args := range [][]string{{"build", "-o", filepath.Join(built.dir, "test2json"), "cmd/test2json"}, compile} {
			cmd := exec.Command("go", args...)
			cmd.Dir = repoRoot(t)
			if out, err := cmd.CombinedOutput(); err != nil {
				built.err = &buildError{args, err, out}
				return
			}
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.dir
}

type buildError struct {
	args []string
	err  error
	out  []byte
}

func (e *buildError) Error() string {
	return "go " + strings.Join(e.args, " ") + ": " + e.err.Error() + "\n" + string(e.out)
}

// healthyAPI answers /api/health as a working deployment does.
func healthyAPI(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/health" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"success":true,"data":{"status":"ok","database":"connected","version":"v9"}}`))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// The gate end to end against the real smoke test binaries, remote target:
// exit codes and what the verdict names.
func TestExitCodes(t *testing.T) {
	bin := testBinaries(t)
	others := strings.Join(runbookTests[1:], ",")
	tests := []struct {
		name      string
		env       func(t *testing.T) map[string]string
		wantCode  int
		wantLine  string   // in the verdict
		wantOut   []string // anywhere in the output
		wantJUnit bool
	}{
		{"nothing configured", func(*testing.T) map[string]string { return nil },
			report.ExitUndecided, "GATE ERROR", []string{"SMOKE_API_URL is not set"}, false},
		{"API down, the rest unconfigured", func(*testing.T) map[string]string {
			return map[string]string{"SMOKE_API_URL": "http://127.0.0.1:9"}
		}, report.ExitFail, "GATE FAIL: health/TestHealth: GET /api/health: API unreachable", []string{"SMOKE_JWT_SECRET is not set", "not run: health failed"}, true},
		{"API up, the rest unconfigured", func(t *testing.T) map[string]string {
			return map[string]string{"SMOKE_API_URL": healthyAPI(t)}
		}, report.ExitUndecided, "GATE ERROR: health passed; the other tests could not run", []string{"SMOKE_DASHBOARD_URL is not set"}, false},
		{"API up, the rest optional", func(t *testing.T) map[string]string {
			return map[string]string{"SMOKE_API_URL": healthyAPI(t), "SMOKE_OPTIONAL": others}
		}, report.ExitPass, "GATE PASS 1/7 (6 optional skipped)", []string{"✓ health/TestHealth"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			reports := t.TempDir()
			env := cleanEnv(reports, tc.env(t))
			out, res := runGate(t, Options{BinDir: bin, Root: t.TempDir(), Env: config.SetEnv(env, map[string]string{"SMOKE_TARGET": "remote"})})
			v := res.Verdict
			if v.Code != tc.wantCode || !strings.Contains(v.Line, tc.wantLine) || !strings.Contains(out, v.Line) {
				t.Fatalf("exit %d, verdict %q; want %d and %q\n%s", v.Code, v.Line, tc.wantCode, tc.wantLine, out)
			}
			for _, want := range tc.wantOut {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			_, err := os.Stat(filepath.Join(reports, Latest, "junit.xml"))
			if (err == nil) != tc.wantJUnit {
				t.Errorf("junit.xml written: %v, want %v", err == nil, tc.wantJUnit)
			}
		})
	}
}

// In sandbox mode the gate starts one sandbox, points every binary at it
// as a remote target through the environment alone, stops it at the end,
// and the reports still say the target was the sandbox.
func TestOneSandboxPerRun(t *testing.T) {
	bin := testBinaries(t)
	const planted = "planted-secret-0123456789"
	var starts, stops int
	var gotFaults []string
	start := func(_ context.Context, faults []string) (map[string]string, func() error, error) {
		starts++
		gotFaults = faults
		env := map[string]string{"SMOKE_API_URL": healthyAPI(t), "SMOKE_JWT_SECRET": planted}
		return env, func() error { stops++; return nil }, nil
	}
	reports := t.TempDir()
	env := cleanEnv(reports, map[string]string{
		"SMOKE_TARGET": "sandbox", "SANDBOX_FAULTS": "history-500", "SMOKE_OPTIONAL": strings.Join(runbookTests[1:], ","),
	})
	out, res := runGate(t, Options{BinDir: bin, Root: t.TempDir(), Env: env, Start: start})
	if res.Verdict.Code != report.ExitPass || starts != 1 || stops != 1 {
		t.Fatalf("verdict %q, sandbox started %d and stopped %d times; want a pass, 1 and 1\n%s", res.Verdict.Line, starts, stops, out)
	}
	if len(gotFaults) != 1 || gotFaults[0] != "history-500" {
		t.Errorf("sandbox faults %v, want [history-500]", gotFaults)
	}
	if !strings.Contains(out, "against the embedded sandbox") || strings.Contains(out, planted) {
		t.Errorf("output does not name the sandbox, or holds its secret:\n%s", out)
	}
	for _, s := range res.Suites {
		if s.Property("target") != "sandbox" || s.Property("sandbox.faults") != "[history-500]" {
			t.Errorf("suite %s: target %q, faults %q; want sandbox, [history-500]", s.Name, s.Property("target"), s.Property("sandbox.faults"))
		}
	}
	junit, err := os.ReadFile(filepath.Join(res.ReportDir, "junit.xml"))
	if err != nil || !bytes.Contains(junit, []byte(`name="target" value="sandbox"`)) {
		t.Errorf("junit.xml does not say the target was the sandbox (%v):\n%s", err, junit)
	}
	events, err := os.ReadFile(filepath.Join(res.ReportDir, EventsFile))
	if err != nil || bytes.Count(events, []byte(`"Action":"attr"`)) < 7 {
		t.Errorf("%s does not hold the tests' attributes (%v):\n%s", EventsFile, err, events)
	}
}

func runGate(t *testing.T, opts Options) (string, Result) {
	t.Helper()
	var out bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	opts.Out = &out
	res := Run(ctx, opts)
	return out.String(), res
}

// cleanEnv is this process's environment with every smokegate variable
// blanked (so a developer's settings cannot change the outcome), then set.
func cleanEnv(reportDir string, set map[string]string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SMOKE_") && !strings.HasPrefix(kv, "SANDBOX_") {
			env = append(env, kv)
		}
	}
	blank := map[string]string{"SMOKE_REPORT_DIR": reportDir}
	for _, v := range config.Vars {
		if _, ok := blank[v.Name]; !ok {
			blank[v.Name] = ""
		}
	}
	for k, v := range set {
		blank[k] = v
	}
	return config.SetEnv(env, blank)
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// A runbook with a starter of its own gets its own sandbox, not the
// default one.
func TestRunbookOwnSandbox(t *testing.T) {
	bin := testBinaries(t)
	var own, other int
	start := func(context.Context, []string) (map[string]string, func() error, error) {
		other++
		return nil, nil, errors.New("the default sandbox was started")
	}
	ownStart := func(_ context.Context, _ []string) (map[string]string, func() error, error) {
		own++
		return map[string]string{"SMOKE_API_URL": healthyAPI(t)}, func() error { return nil }, nil
	}
	env := cleanEnv(t.TempDir(), map[string]string{"SMOKE_TARGET": "sandbox", "SMOKE_OPTIONAL": strings.Join(runbookTests[1:], ",")})
	_, res := runGate(t, Options{BinDir: bin, Root: t.TempDir(), Env: env, Start: start,
		Starters: map[string]StartSandbox{"promptlens": ownStart}})
	if own != 1 || other != 0 {
		t.Fatalf("own sandbox started %d times, default %d; want 1 and 0 (verdict %q)", own, other, res.Verdict.Line)
	}
}
