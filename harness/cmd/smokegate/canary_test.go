package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/smokegate/smokegate/fixtures/promptlens"
	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/report"
)

// canaries are the secrets of the sandbox the canary runs test: every
// secret setting a run takes (SMOKE_JWT_SECRET, SMOKE_STRIPE_SECRET_KEY,
// SMOKE_STRIPE_WEBHOOK_SECRET, SMOKE_TEST_PASSWORD) and the OAuth client's
// secret inside the stack.
var canaries = promptlens.Secrets{
	JWT: "canaryJWTsecret4a91c", Webhook: "whsec_canaryWebhook7d03e", StripeKey: "sk_test_canaryStripe2b58f",
	ClientSecret: "canaryClientSecret9e14a", PremadePassword: "canaryPremadePass6c27d",
}

// uriCanary rides in SMOKE_MONGODB_URI, the one secret whose value the
// sandbox does not choose (its database's address).
const uriCanary = "canaryMongoURI3f80b"

// The extended canary test (issue 10 item 2): gates run in remote mode
// against an in-process sandbox whose secrets are canaries, passing and
// failing with faults that stop each of the seven tests while a token is in
// flight, with SMOKE_SECRET_LEDGER collecting every secret the test
// binaries registered. No file under the report folder (content or name)
// and no line of the gate's output may hold a canary or a registered
// secret; a run whose tests got past health must have registered some.
func TestCanaries(t *testing.T) {
	if testing.Short() || runtime.GOOS != "linux" {
		t.Skip("builds the gate and runs it with Chromium and the sandbox; Linux only")
	}
	bin := buildGate(t)
	tests := []struct {
		name     string
		faults   []string
		env      map[string]string
		wantCode int
		stopped  []string // tests that must fail
		har      []string // failed browser checks whose evidence must hold a network.har
	}{
		{"passing run", nil, nil, report.ExitPass, nil, nil},
		{"passing run, redirect signup and signed events", nil,
			map[string]string{"SMOKE_SIGNUP_MODE": "redirect", "SMOKE_BILLING_MODE": "signed-event"}, report.ExitPass, nil, nil},
		// extension and history run after signup, so signup is stopped in a run of its own
		{"five tests stopped with a token in flight",
			[]string{"save-dropped", "history-500", "quota-no-reset", "webhook-bad-secret", "reset-token-reusable"},
			nil, report.ExitFail, []string{"extension", "history", "quota", "billing", "passwordreset"}, []string{"history"}},
		{"signup stopped with a session in flight", []string{"signup-no-user-record"}, nil, report.ExitFail, []string{"signup"}, []string{"signup"}},
		{"health stopped", []string{"db-down"}, nil, report.ExitFail, []string{"health"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := canarySandbox(t, tc.faults)
			maps.Copy(env, tc.env)
			healthOnly := len(tc.stopped) == 1 && tc.stopped[0] == "health"
			checkCanaries(t, bin, env, canaryValues(env), canaryRun{wantCode: tc.wantCode, stopped: tc.stopped, registered: !healthOnly, har: tc.har})
		})
	}
}

// canaryRun is what one canary gate run must show.
type canaryRun struct {
	wantCode   int
	stopped    []string // tests that must fail, cut off with a token in flight
	registered bool     // the test binaries must have registered secrets
	// har names failed browser checks whose network.har must be among the
	// scanned files (and read as HAR), so the scan covers the network log.
	har []string
}

// checkCanaries runs the gate with env (a remote configuration whose
// secrets are the canaries) and a secret ledger, and fails t when a file
// under the report folder (content or name) or a line of the output holds
// a canary or a secret the test binaries registered.
func checkCanaries(t *testing.T, bin string, env map[string]string, canaries []config.LedgerEntry, want canaryRun) {
	t.Helper()
	dir := t.TempDir()
	ledger := filepath.Join(t.TempDir(), "ledger")
	env["SMOKE_SECRET_LEDGER"] = ledger
	code, out := runBinary(t, filepath.Join(bin, "smokegate"), dir, env)
	if code != want.wantCode {
		t.Errorf("exit %d, want %d:\n%s", code, want.wantCode, out)
	}
	for _, name := range want.stopped {
		if !strings.Contains(out, "✗ "+name+"/") {
			t.Errorf("%s did not fail, so nothing was cut off in flight:\n%s", name, out)
		}
	}
	secrets := readLedger(t, ledger)
	if want.registered && len(secrets) == 0 {
		t.Fatalf("the tests registered no secret (ledger %s empty): the scan would prove nothing", ledger)
	}
	planted := slices.Concat(canaries, secrets)
	files, hits := scanFor(t, filepath.Join(dir, "reports"), out, planted)
	t.Logf("exit %d; %d registered secrets (%s) and %d canaries looked for in %d report files, their names and the output: %d hits",
		code, len(secrets), kinds(secrets), len(canaries), files, len(hits))
	for _, h := range hits {
		t.Error(h)
	}
	if files < 5 {
		t.Errorf("only %d report files: the scan proves little", files)
	}
	if pages, _ := filepath.Glob(filepath.Join(dir, "reports", "*", "index.html")); len(pages) == 0 {
		t.Errorf("the run left no index.html, so the scan did not cover the HTML report")
	}
	for _, suite := range want.har {
		checkHAR(t, filepath.Join(dir, "reports"), suite)
	}
}

// checkHAR fails t unless the run's evidence of suite holds a network.har
// that reads as a HAR 1.2 log with entries.
func checkHAR(t *testing.T, reports, suite string) {
	t.Helper()
	var paths []string
	root := filepath.Join(reports, "latest", "evidence", suite) // each test's t.ArtifactDir is somewhere below
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Name() == "network.har" {
			paths = append(paths, p)
		}
		return nil
	})
	if len(paths) == 0 {
		t.Errorf("no network.har in %s's evidence under %s: the scan did not cover the browser's network log", suite, reports)
		return
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var h struct {
			Log struct {
				Version string            `json:"version"`
				Entries []json.RawMessage `json:"entries"`
			} `json:"log"`
		}
		if err := json.Unmarshal(b, &h); err != nil || h.Log.Version != "1.2" || len(h.Log.Entries) == 0 {
			t.Errorf("%s: version %q, %d entries, %v; want a HAR 1.2 log with entries", p, h.Log.Version, len(h.Log.Entries), err)
		}
	}
}

// kinds counts the ledger's entries by kind, for the log.
func kinds(entries []config.LedgerEntry) string {
	n := map[string]int64{}
	for _, e := range entries {
		n[e.Kind]++
	}
	return format(n)
}

// canarySandbox starts a sandbox with the canary secrets and the faults,
// for one run, and returns a remote configuration pointing at it.
func canarySandbox(t *testing.T, faults []string) map[string]string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	st, err := promptlens.Start(ctx, promptlens.Options{Faults: faults, Secrets: canaries})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	env := st.Env()
	u, err := url.Parse(env["SMOKE_MONGODB_URI"])
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("appName", uriCanary)
	u.RawQuery = q.Encode()
	env["SMOKE_MONGODB_URI"] = u.String()
	env["SMOKE_TARGET"] = "remote"
	return env
}

// canaryValues are the planted config secrets: the canaries and the whole
// MongoDB URI.
func canaryValues(env map[string]string) []config.LedgerEntry {
	return []config.LedgerEntry{
		{Kind: "SMOKE_JWT_SECRET", Value: canaries.JWT}, {Kind: "SMOKE_STRIPE_WEBHOOK_SECRET", Value: canaries.Webhook},
		{Kind: "SMOKE_STRIPE_SECRET_KEY", Value: canaries.StripeKey}, {Kind: "the OAuth client secret", Value: canaries.ClientSecret},
		{Kind: "SMOKE_TEST_PASSWORD", Value: canaries.PremadePassword}, {Kind: "SMOKE_MONGODB_URI's canary", Value: uriCanary},
		{Kind: "SMOKE_MONGODB_URI", Value: env["SMOKE_MONGODB_URI"]},
	}
}

// readLedger is what the test binaries registered; none when they wrote
// no ledger.
func readLedger(t *testing.T, path string) []config.LedgerEntry {
	t.Helper()
	if _, err := os.Stat(path); os.IsNotExist(err) {
		return nil
	}
	entries, err := config.ReadLedger(path)
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

// scanFor looks for each value, as is and URL-escaped, in every file under
// dir (its contents and its path) and in out; it returns how many files it
// read and a line per hit, naming where and which kind, never the value.
func scanFor(t *testing.T, dir, out string, values []config.LedgerEntry) (files int, hits []string) {
	t.Helper()
	look := func(where, text string) {
		for i, v := range values {
			if strings.Contains(text, v.Value) || strings.Contains(text, url.QueryEscape(v.Value)) {
				hits = append(hits, fmt.Sprintf("%s holds planted value #%d, a %s", where, i, v.Kind))
			}
		}
	}
	look("the gate's output", out)
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		look("the name "+path, path)
		if d.Type().IsRegular() {
			files++
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			look(path, string(b))
		}
		return nil
	})
	if err != nil {
		t.Fatalf("scan %s: %v", dir, err)
	}
	return files, hits
}
