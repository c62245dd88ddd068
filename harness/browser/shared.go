package browser

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"sync"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/remote"
)

// devToolsAddress watches Chromium's output for the DevTools address that
// chromedp reads too, and hands the first one over.
type devToolsAddress struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	found chan string
	done  bool
}

var devToolsLine = regexp.MustCompile(`DevTools listening on (ws://\S+)`)

func (d *devToolsAddress) Write(p []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.done {
		return len(p), nil
	}
	d.buf.Write(p)
	if m := devToolsLine.FindSubmatch(d.buf.Bytes()); m != nil {
		d.found <- string(m[1])
		d.done = true
		d.buf.Reset()
	}
	return len(p), nil
}

// Connect uses a browser another process launched Shared, at its DevTools
// address. With wantExtension it finds the extension's id as Launch does.
// Close disconnects and leaves the browser running for its owner.
func Connect(ctx context.Context, devToolsURL string, wantExtension bool) (*Browser, error) {
	allocCtx, cancelAlloc := remote.NewAllocator(context.Background(), devToolsURL, remote.NoModifyURL)
	bctx, cancel := chromedp.NewContext(allocCtx)
	b := &Browser{ctx: bctx, cancel: cancel, cancelAlloc: cancelAlloc, DevToolsURL: devToolsURL}
	startCtx, stop := context.WithTimeout(ctx, 15*time.Second)
	defer stop()
	// Listing the targets connects without opening a tab; each test's
	// tab is the first one this client opens.
	if err := within(startCtx, func() error { _, err := chromedp.Targets(bctx); return err }); err != nil {
		b.Close()
		return nil, fmt.Errorf("connect to the gate's browser: %w", err)
	}
	if wantExtension {
		id, err := waitServiceWorker(startCtx, bctx)
		if err != nil {
			b.Close()
			return nil, err
		}
		b.ExtensionID = id
	}
	return b, nil
}

// IsolatedTab opens a tab in a browser context of its own: cookies,
// storage, cache and service workers are not shared with any other tab,
// so tests that share one browser cannot see each other's state.
// Extensions do not run there; use Tab for the extension's test. cancel
// closes the tab and disposes of its context.
func (b *Browser) IsolatedTab() (context.Context, context.CancelFunc) {
	return chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
}
