package runner

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/smokegate/smokegate/harness/browser"
)

// browserStartTimeout bounds the start of the run's shared Chromium.
const browserStartTimeout = 30 * time.Second

// sharedBrowser is the one Chromium of a gate run, with the extension under
// test loaded. It starts while health runs; the other tests connect to it
// through SMOKE_BROWSER_URL and each opens its own isolated browser context.
type sharedBrowser struct {
	done chan struct{}
	mu   sync.Mutex // guards b after done
	b    *browser.Browser
	err  error
}

// startBrowser launches the shared browser in the background.
func (r *run) startBrowser(ctx context.Context) *sharedBrowser {
	sb := &sharedBrowser{done: make(chan struct{})}
	go func() {
		defer close(sb.done)
		lctx, cancel := context.WithTimeout(ctx, browserStartTimeout)
		defer cancel()
		sb.b, sb.err = browser.FromConfig(lctx, r.cfg, true)
	}()
	return sb
}

// use waits for the shared browser and points the tests at it. When it
// could not start, the tests launch their own, and a Chromium that cannot
// start at all is then reported by each test as a gate error.
func (r *run) useBrowser(sb *sharedBrowser) {
	<-sb.done
	if sb.err != nil {
		fmt.Fprintf(r.opts.Out, "smokegate: the shared Chromium did not start (%s); each test starts its own\n", r.redact(sb.err.Error()))
		return
	}
	r.sb = sb
	r.setEnv("SMOKE_BROWSER_URL", sb.b.DevToolsURL)
}

// reviveBrowser replaces the shared browser when it no longer answers (it
// crashed or was killed), before a test is retried.
func (r *run) reviveBrowser(ctx context.Context) {
	sb := r.sb
	if sb == nil {
		return
	}
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
	b, err := browser.FromConfig(lctx, r.cfg, true)
	if err != nil {
		fmt.Fprintf(r.opts.Out, "smokegate: the shared Chromium stopped answering and did not restart (%s); the retry starts its own\n", r.redact(err.Error()))
		sb.b = nil
		r.setEnv("SMOKE_BROWSER_URL", "")
		return
	}
	sb.b = b
	r.setEnv("SMOKE_BROWSER_URL", b.DevToolsURL)
}

// close stops the browser, which removes its copy of the extension.
func (sb *sharedBrowser) close() {
	<-sb.done
	sb.mu.Lock()
	defer sb.mu.Unlock()
	if sb.b != nil {
		sb.b.Close()
	}
}
