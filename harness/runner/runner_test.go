package gate

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/report"
)

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

// The gate end to end against the real smoke packages, remote target: exit
// codes and what the verdict names.
func TestExitCodes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the smoke packages")
	}
	others := strings.Join(config.Tests[1:], ",")
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
			env := remoteEnv(reports, tc.env(t))
			var out bytes.Buffer
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			v := Run(ctx, Options{Root: repoRoot(t), Out: &out, Env: env})
			if v.Code != tc.wantCode || !strings.Contains(v.Line, tc.wantLine) || !strings.Contains(out.String(), v.Line) {
				t.Fatalf("exit %d, verdict %q; want %d and %q\n%s", v.Code, v.Line, tc.wantCode, tc.wantLine, out.String())
			}
			for _, want := range tc.wantOut {
				if !strings.Contains(out.String(), want) {
					t.Errorf("output lacks %q:\n%s", want, out.String())
				}
			}
			_, err := os.Stat(filepath.Join(reports, "junit.xml"))
			if (err == nil) != tc.wantJUnit {
				t.Errorf("junit.xml written: %v, want %v", err == nil, tc.wantJUnit)
			}
		})
	}
}

// remoteEnv is this process's environment with every smokegate variable
// blanked (so a developer's .env cannot change the outcome), then set.
func remoteEnv(reportDir string, set map[string]string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SMOKE_") && !strings.HasPrefix(kv, "SANDBOX_") {
			env = append(env, kv)
		}
	}
	for _, v := range config.Vars {
		if _, ok := set[v.Name]; !ok {
			env = append(env, v.Name+"=")
		}
	}
	env = append(env, "SMOKE_TARGET=remote", "SMOKE_REPORT_DIR="+reportDir)
	for k, v := range set {
		env = append(env, k+"="+v)
	}
	return env
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}
