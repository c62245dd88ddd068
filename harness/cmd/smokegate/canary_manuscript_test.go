package main

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/smokegate/smokegate/fixtures/manuscript"
	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/report"
)

// msCanaries are the secrets of the manuscript stack the canary runs
// test: every secret setting the manuscript runbook takes
// (SMOKE_CF_API_TOKEN, SMOKE_R2_SECRET_ACCESS_KEY,
// SMOKE_STRIPE_WEBHOOK_SECRET, SMOKE_TEST_PASSWORD) and the Worker's
// JWT_SECRET inside the stack.
var msCanaries = manuscript.Secrets{
	JWT: "canaryMsJWTsecret5b17e", Webhook: "whsec_canaryMsWebhook8c40d", CFToken: "canaryCFapiToken2e95a",
	R2Secret: "canaryR2secretKey7f3c1", PremadePassword: "canaryMsPremadePass4d62b",
}

// The canary test for the manuscript runbook: gates run in remote mode
// against an in-process manuscript stack whose secrets are canaries,
// passing and failing with faults that stop sign-in, the password reset
// and the webhook while a token is in flight, with SMOKE_SECRET_LEDGER
// collecting every secret the test binaries registered. No file under the
// report folder (content or name) and no line of the gate's output may
// hold a canary or a registered secret; a run whose accounts logged in
// must have registered some.
func TestManuscriptCanaries(t *testing.T) {
	if testing.Short() || runtime.GOOS != "linux" {
		t.Skip("builds the gate and runs it with Chromium and the manuscript sandbox; Linux only")
	}
	bin := buildGate(t)
	tests := []struct {
		name       string
		faults     []string
		wantCode   int
		stopped    []string // checks that must fail
		registered bool     // the test binaries must have registered secrets
	}{
		{"passing run", nil, report.ExitPass, nil, true},
		{"reset stopped with its token stored, webhook after its event was taken",
			[]string{"reset-mail-not-sent", "webhook-no-metadata"}, report.ExitFail, []string{"passwordreset", "webhook"}, true},
		{"reset request refused, webhook signature refused",
			[]string{"reset-request-500", "webhook-stale-secret"}, report.ExitFail, []string{"passwordreset", "webhook"}, true},
		// no login answers a token: there may be nothing to register
		{"sign-in stopped", []string{"jwt-secret-missing"}, report.ExitFail, []string{"signin"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkCanaries(t, bin, canaryManuscript(t, tc.faults), msCanaryValues(), canaryRun{wantCode: tc.wantCode, stopped: tc.stopped, registered: tc.registered})
		})
	}
}

// canaryManuscript starts a manuscript stack with the canary secrets and
// the faults, for one run, and returns a remote configuration for the
// manuscript runbook pointing at it.
func canaryManuscript(t *testing.T, faults []string) map[string]string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	st, err := manuscript.Start(ctx, manuscript.Options{Faults: faults, Secrets: msCanaries})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	env := st.Env()
	for name, want := range map[string]string{"SMOKE_CF_API_TOKEN": msCanaries.CFToken, "SMOKE_R2_SECRET_ACCESS_KEY": msCanaries.R2Secret,
		"SMOKE_STRIPE_WEBHOOK_SECRET": msCanaries.Webhook, "SMOKE_TEST_PASSWORD": msCanaries.PremadePassword} {
		if env[name] != want {
			t.Fatalf("the stack hands the suite %s other than its canary", name)
		}
	}
	env["SMOKE_TARGET"] = "remote"
	env["SMOKE_RUNBOOK"] = "manuscript"
	return env
}

// msCanaryValues are the planted secrets, by kind.
func msCanaryValues() []config.LedgerEntry {
	return []config.LedgerEntry{
		{Kind: "SMOKE_CF_API_TOKEN", Value: msCanaries.CFToken}, {Kind: "SMOKE_R2_SECRET_ACCESS_KEY", Value: msCanaries.R2Secret},
		{Kind: "SMOKE_STRIPE_WEBHOOK_SECRET", Value: msCanaries.Webhook}, {Kind: "SMOKE_TEST_PASSWORD", Value: msCanaries.PremadePassword},
		{Kind: "the Worker's JWT_SECRET", Value: msCanaries.JWT},
	}
}
