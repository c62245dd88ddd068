package harness

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/smokegate/smokegate/harness/browser"
)

// closeShared stops a warm start still under way (a test may end before it
// needs the browser), waits for it, and closes the shared resources, so no
// Chromium or profile folder outlives the test binary.
func (r *binary) closeShared() {
	r.shared.cancelStarts()
	for i := range r.shared.browsers {
		r.shared.browsers[i].Do(func() {}) // returns once a start under way has ended
	}
	r.shared.close()
}

// Browser returns the test binary's Chromium with the extension under
// test (SMOKE_EXTENSION_PATH, its config.json pointed at the API) and the
// host mapping, started on first use. Failing to start it is a gate error.
func Browser(s *S) *browser.Browser {
	s.t.Helper()
	return s.browser(browser.Extension)
}

// browser returns the binary's browser of kind (the one that serves it),
// started on first use.
func (s *S) browser(kind browser.Kind) *browser.Browser {
	s.t.Helper()
	start := time.Now()
	once := s.bin.startBrowser(kind) // waits for a warm start under way
	if waited := time.Since(start); waited > 50*time.Millisecond {
		s.overhead += waited
		s.Step("waited %s for Chromium to start (gate overhead, not counted against the budget)", waited.Round(time.Millisecond))
	}
	if !slices.Contains(s.usedBrowsers, once) {
		s.usedBrowsers = append(s.usedBrowsers, once)
	}
	if once.err != nil {
		// The gate's own Chromium gone is its infrastructure failing.
		s.retryable = once.gates
		s.GateErrorf("browser: %v", once.err)
	}
	return once.b
}

// sharedURL is the DevTools address of the gate's browser of kind, or "",
// and the variable that gives it.
func (r *binary) sharedURL(kind browser.Kind) (url, variable string) {
	if kind == browser.Extension {
		return r.cfg.ExtBrowserURL, "SMOKE_EXTENSION_BROWSER_URL"
	}
	return r.cfg.BrowserURL, "SMOKE_BROWSER_URL"
}

// startBrowser is the binary's browser that serves kind, started (or
// connected to) once: a second call waits for the first start to end.
func (r *binary) startBrowser(kind browser.Kind) *onceBrowser {
	kind = browser.Resolve(r.cfg, kind)
	once := &r.shared.browsers[kind]
	once.Do(func() {
		url, _ := r.sharedURL(kind)
		once.gates = url != ""
		once.b, once.err = r.launchBrowser(kind)
	})
	return once
}

func (r *binary) launchBrowser(kind browser.Kind) (*browser.Browser, error) {
	ctx, cancel := context.WithTimeout(r.shared.starts, 20*time.Second)
	defer cancel()
	if url, variable := r.sharedURL(kind); url != "" { // the gate's browser
		b, err := browser.Connect(ctx, url, kind == browser.Extension && r.cfg.ExtensionPath != "")
		if err != nil {
			return nil, fmt.Errorf("%w (%s)", err, variable)
		}
		r.shared.add(b.Close)
		return b, nil
	}
	b, err := browser.FromConfig(ctx, r.cfg, kind, false)
	if err != nil {
		return nil, err
	}
	r.shared.add(b.Close)
	return b, nil
}

// Tab opens a browser tab for this test in a browser context of its own
// (no cookies, storage or service workers shared with another test), bounded
// by the test's context. When the test fails, the tab's network log (a
// HAR), screenshot, HTML and console log become evidence before it closes.
func Tab(s *S) context.Context {
	s.t.Helper()
	return s.openTab(s.browser(browser.Pages).IsolatedTab)
}

// ExtensionTab is Tab in the browser's default context, where the
// extension under test runs (extensions do not run in isolated contexts).
func ExtensionTab(s *S) context.Context {
	s.t.Helper()
	return s.openTab(Browser(s).Tab)
}

func (s *S) openTab(open func() (context.Context, context.CancelFunc)) context.Context {
	s.t.Helper()
	tab, closeTab := open()
	if err := chromedp.Do(tab); err != nil {
		closeTab()
		s.GateErrorf("browser: open a tab: %v", err)
	}
	ctx, cancel := context.WithDeadline(tab, deadline(s.ctx))
	console := browser.Watch(tab)
	netlog, err := browser.Record(tab)
	if err != nil {
		closeTab()
		s.GateErrorf("browser: record the tab's network: %v", err)
	}
	s.t.Cleanup(func() {
		s.registerTabSecrets(tab)
		if s.t.Failed() {
			s.networkEvidence(tab, netlog)
			snapCtx, stop := context.WithTimeout(tab, 3*time.Second)
			png, html := browser.Snapshot(snapCtx)
			stop()
			if len(png) > 0 {
				s.Evidence("screenshot.png", png)
			}
			s.Evidence("page.html", []byte(html))
			s.Evidence("console.log", []byte(console.String()))
		}
		cancel()
		closeTab()
	})
	return ctx
}

func deadline(ctx context.Context) time.Time {
	if d, ok := ctx.Deadline(); ok {
		return d
	}
	return time.Now().Add(time.Minute)
}

// networkEvidence writes the tab's network log as network.har. It goes
// first, so that the credentials it drops are registered before the
// page's HTML and console are redacted. The HAR is redacted field by field
// and again as a whole by Evidence, like every text artifact.
func (s *S) networkEvidence(tab context.Context, netlog *browser.NetLog) {
	s.t.Helper()
	ctx, stop := context.WithTimeout(tab, 3*time.Second)
	defer stop()
	har, err := netlog.HAR(ctx, browser.Sink{Redact: s.bin.redact, Secret: s.bin.secrets.Add})
	if err != nil {
		s.t.Logf("network.har not written: %v", err)
		return
	}
	if !json.Valid([]byte(s.bin.redact(string(har)))) {
		s.t.Logf("network.har not written: it would not be valid JSON once redacted")
		return
	}
	s.Evidence("network.har", har)
}
