package main

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/smokegate/smokegate/fixtures/promptlens"
	"github.com/smokegate/smokegate/harness/report"
)

// gateRun is how a case runs the gate: the built binary in a folder of its
// own, unless run is set.
type gateCase struct {
	name     string
	args     []string
	env      func(t *testing.T) map[string]string
	run      func(t *testing.T) (int, string) // instead of the binary with args and env
	wantCode int
	want     string // in the output
}

// The gate's verdict holds off the happy path: each case runs the built
// gate (or a documented command) as a user would, and checks the exit code
// and what the output names. The table of case, want and got is logged.
func TestVerdictTable(t *testing.T) {
	if testing.Short() || runtime.GOOS != "linux" {
		t.Skip("builds the gate and runs it with Chromium and the sandbox; Linux only")
	}
	bin := buildGate(t)
	remote := remoteSandbox(t)
	var rows [][4]string
	defer func() { logTable(t, rows) }()
	for _, tc := range verdictCases(t, bin, remote) {
		t.Run(tc.name, func(t *testing.T) {
			var code int
			var out string
			if tc.run != nil {
				code, out = tc.run(t)
			} else {
				var env map[string]string
				if tc.env != nil {
					env = tc.env(t)
				}
				code, out = runBinary(t, filepath.Join(bin, "smokegate"), t.TempDir(), env, tc.args...)
			}
			got := lastLine(out)
			rows = append(rows, [4]string{tc.name, fmt.Sprintf("%d, %q", tc.wantCode, tc.want), fmt.Sprintf("%d", code), got})
			if code != tc.wantCode || !strings.Contains(out, tc.want) {
				t.Errorf("exit %d, want %d and output naming %q:\n%s", code, tc.wantCode, tc.want, out)
			}
		})
	}
}

func verdictCases(t *testing.T, bin string, remote map[string]string) []gateCase {
	sandboxMode := func(faults string) func(*testing.T) map[string]string {
		return func(*testing.T) map[string]string {
			return map[string]string{"SMOKE_TARGET": "sandbox", "SANDBOX_FAULTS": faults}
		}
	}
	remoteWithout := func(drop string, set ...string) func(*testing.T) map[string]string {
		return func(*testing.T) map[string]string {
			env := maps.Clone(remote)
			delete(env, drop)
			for i := 0; i+1 < len(set); i += 2 {
				env[set[i]] = set[i+1]
			}
			return env
		}
	}
	return []gateCase{
		{name: "healthy sandbox", env: sandboxMode(""), wantCode: report.ExitPass, want: "GATE PASS 7/7"},
		{name: "make smoke, broken sandbox", run: makeSmoke("history-500"), wantCode: report.ExitFail, want: "GATE FAIL: history/TestHistory"},
		{name: "make smoke, healthy sandbox", run: makeSmoke(""), wantCode: report.ExitPass, want: "GATE PASS 7/7"},
		{name: "-run TestHealth", args: []string{"-run", "TestHealth"}, env: sandboxMode("webhook-bad-secret"), wantCode: report.ExitUndecided, want: "-run chooses which tests run"},
		{name: "-skip", args: []string{"-skip", "TestStripeUpgrade"}, env: sandboxMode("webhook-bad-secret"), wantCode: report.ExitUndecided, want: "-skip chooses which tests run"},
		{name: "-- -test.run=TestHealth", args: []string{"--", "-test.run=TestHealth"}, env: sandboxMode("webhook-bad-secret"), wantCode: report.ExitUndecided, want: "chooses which tests run"},
		{name: "a deleted package", run: deletedPackage(), wantCode: report.ExitUndecided, want: "the promptlens runbook's quota check (package smoke/promptlens/quota) was not built"},
		{name: "a missing env file", env: func(*testing.T) map[string]string { return map[string]string{"SMOKE_ENV": "nope"} }, wantCode: report.ExitUndecided, want: ".env.nope"},
		{name: "an empty env file", run: emptyEnvFile(bin), wantCode: report.ExitUndecided, want: ".env.empty"},
		{name: "a mistyped variable", env: func(*testing.T) map[string]string { return map[string]string{"SMOKE_API_ULR": "http://x"} }, wantCode: report.ExitUndecided, want: "SMOKE_API_URL"},
		{name: "remote without the extension path", env: remoteWithout("SMOKE_EXTENSION_PATH"), wantCode: report.ExitUndecided, want: "SMOKE_EXTENSION_PATH is not set"},
		{name: "full signup without the client id", env: remoteWithout("SMOKE_GOOGLE_CLIENT_ID", "SMOKE_SIGNUP_MODE", "full"), wantCode: report.ExitUndecided, want: "SMOKE_GOOGLE_CLIENT_ID is not set"},
		{name: "the tests' database unreachable", env: remoteWithout("", "SMOKE_MONGODB_URI", "mongodb://127.0.0.1:9/"), wantCode: report.ExitUndecided, want: "GATE ERROR"},
		{name: "two runs at once, one broken", run: concurrentRuns(bin), wantCode: report.ExitFail, want: "codes 0 and 1"},
		{name: "HTTP 502 with an HTML page", env: apiAt(badAPI(t, "502")), wantCode: report.ExitFail, want: "502"},
		{name: "301 to a healthy API", env: apiAt(badAPI(t, "301")), wantCode: report.ExitFail, want: "301"},
		{name: "a redirect loop", env: apiAt(badAPI(t, "loop")), wantCode: report.ExitFail, want: "302"},
		{name: "a self-signed certificate", env: apiAt(badAPI(t, "tls")), wantCode: report.ExitUndecided, want: "SMOKE_CA_FILE"},
		{name: "a 50 MB body", env: apiAt(badAPI(t, "50mb")), wantCode: report.ExitFail, want: "truncated"},
		{name: "Chromium killed mid-test", run: killChromium(bin), wantCode: report.ExitPass, want: "flaky"},
		{name: "/bin/false as Chrome", env: func(*testing.T) map[string]string {
			return map[string]string{"SMOKE_TARGET": "sandbox", "SMOKE_CHROME_PATH": "/bin/false"}
		}, wantCode: report.ExitUndecided, want: "exited with exit status 1"},
	}
}

// runBinary runs a command in dir with a clean environment plus env, and
// returns its exit code and combined output.
func runBinary(t *testing.T, path, dir string, env map[string]string, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Dir = dir
	cmd.Env = gateEnv(shortTempDir(t), env)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	_ = cmd.Run()
	return cmd.ProcessState.ExitCode(), out.String()
}

func lastLine(out string) string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	line := lines[len(lines)-1]
	if len(line) > 140 {
		line = line[:140] + "…"
	}
	return line
}

func logTable(t *testing.T, rows [][4]string) {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "case\twant\tgot\tlast line")
	for _, r := range rows {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", r[0], r[1], r[2], r[3])
	}
	w.Flush()
	t.Log("\n" + b.String())
}

// remoteSandbox starts one sandbox for the remote cases and returns the
// variables of a complete remote configuration pointing at it.
func remoteSandbox(t *testing.T) map[string]string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	env, stop, err := promptlens.Starter(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = stop() })
	env = maps.Clone(env)
	env["SMOKE_TARGET"] = "remote"
	return env
}

func apiAt(url string) func(*testing.T) map[string]string {
	return func(*testing.T) map[string]string {
		return map[string]string{"SMOKE_TARGET": "remote", "SMOKE_API_URL": url}
	}
}
