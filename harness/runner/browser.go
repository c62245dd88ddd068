package runner

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/smokegate/smokegate/harness/browser"
)

// browserStartTimeout bounds the start of one of the run's shared browsers.
const browserStartTimeout = 30 * time.Second

// browserEnv is the variable that points the tests at a shared browser of
// each kind.
var browserEnv = map[browser.Kind]string{browser.Pages: "SMOKE_BROWSER_URL", browser.Extension: "SMOKE_EXTENSION_BROWSER_URL"}

// sharedBrowser is one browser of a gate run: the headless shell for the
// tests' pages, or full Chromium with the extension under test loaded.
// Both start while health runs; the other tests connect to them through
// browserEnv and each opens its own browser context.
type sharedBrowser struct {
	kind  browser.Kind
	serve []browser.Kind // the kinds it serves (both when no shell is installed)
	done  chan struct{}
	mu    sync.Mutex // guards b after done
	b     *browser.Browser
	err   error
}

// startBrowsers launches the run's shared browsers in the background:
// one for pages and, with an extension under test, one with it; a single
// full Chromium when there is no headless shell.
func (r *run) startBrowsers(ctx context.Context) []*sharedBrowser {
	var out []*sharedBrowser
	for _, kind := range []browser.Kind{browser.Extension, browser.Pages} {
		if kind == browser.Extension && r.cfg.ExtensionPath == "" {
			continue
		}
		served := browser.Resolve(r.cfg, kind)
		if i := slices.IndexFunc(out, func(sb *sharedBrowser) bool { return sb.kind == served }); i >= 0 {
			out[i].serve = append(out[i].serve, kind) // one browser serves both kinds
			continue
		}
		sb := &sharedBrowser{kind: served, serve: []browser.Kind{kind}, done: make(chan struct{})}
		go func() {
			defer close(sb.done)
			lctx, cancel := context.WithTimeout(ctx, browserStartTimeout)
			defer cancel()
			sb.b, sb.err = browser.FromConfig(lctx, r.cfg, served, true)
		}()
		out = append(out, sb)
	}
	return out
}

// useBrowsers waits for the shared browsers and points the tests at them.
// When one could not start, the tests launch their own, and a browser that
// cannot start at all is then reported by each test as a gate error.
func (r *run) useBrowsers(sbs []*sharedBrowser) {
	for _, sb := range sbs {
		<-sb.done
		if sb.err != nil {
			fmt.Fprintf(r.opts.Out, "smokegate: the shared %s did not start (%s); each test starts its own\n", sb.kind, r.redact(sb.err.Error()))
			continue
		}
		r.sbs = append(r.sbs, sb)
		sb.point(r, sb.b.DevToolsURL)
	}
}

// point sets the variables of the kinds sb serves to url.
func (sb *sharedBrowser) point(r *run, url string) {
	for _, k := range sb.serve {
		r.setEnv(browserEnv[k], url)
	}
}

// reviveBrowsers replaces each shared browser that no longer answers (it
// crashed or was killed), before a test is retried.
func (r *run) reviveBrowsers(ctx context.Context) {
	for _, sb := range r.sbs {
		sb.revive(ctx, r)
	}
}

func (sb *sharedBrowser) revive(ctx context.Context, r *run) {
	sb.mu.Lock()
	defer sb.mu.Unlock()
	if sb.b.Alive() {
		return
	}
	if sb.b != nil {
		sb.b.Close()
	}
	lctx, cancel := context.WithTimeout(ctx, browserStartTimeout)
	defer cancel()
	b, err := browser.FromConfig(lctx, r.cfg, sb.kind, true)
	if err != nil {
		fmt.Fprintf(r.opts.Out, "smokegate: the shared %s stopped answering and did not restart (%s); the retry starts its own\n", sb.kind, r.redact(err.Error()))
		sb.b = nil
		sb.point(r, "")
		return
	}
	sb.b = b
	sb.point(r, b.DevToolsURL)
}

// closeBrowsers stops the browsers, which removes the extension's copy.
func closeBrowsers(sbs []*sharedBrowser) {
	for _, sb := range sbs {
		<-sb.done
		sb.mu.Lock()
		if sb.b != nil {
			sb.b.Close()
		}
		sb.mu.Unlock()
	}
}
