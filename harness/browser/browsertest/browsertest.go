// Package browsertest starts headless Chromium for a Go test through the
// harness's launcher (the same flags, extension loading and clean-up as the
// smoke suite), so that a package's own browser tests carry no copy of it.
package browsertest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/smokegate/smokegate/harness/browser"
)

// startTimeout bounds the launch, extension load included.
const startTimeout = 30 * time.Second

// Start launches Chromium with opts and returns its first tab; the browser
// and its profile are gone when the test ends. Without a Chromium on the
// machine the test is skipped, unless SMOKE_CHROME_PATH names a missing one.
func Start(t testing.TB, opts browser.Options) context.Context {
	t.Helper()
	if opts.ExecPath == "" {
		opts.ExecPath = os.Getenv("SMOKE_CHROME_PATH")
	}
	if _, err := browser.FindChrome(opts.ExecPath); err != nil {
		if opts.ExecPath != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	start := time.Now()
	b, err := browser.Launch(ctx, opts)
	if err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	t.Cleanup(b.Close)
	t.Logf("Chromium up in %v", time.Since(start).Round(time.Millisecond))
	return b.FirstTab()
}
