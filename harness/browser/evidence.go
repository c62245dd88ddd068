package browser

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/chromedp/chromedp"
)

// Console collects a tab's console messages and exceptions from the
// moment Watch is called.
type Console struct {
	mu    sync.Mutex
	lines []string
}

// Watch starts collecting the console of the tab in ctx until ctx ends.
func Watch(ctx context.Context) *Console {
	c := &Console{}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			c.mu.Lock()
			c.lines = append(c.lines, fmt.Sprintf("%s:%d %s", m.URL, m.Line+1, m))
			c.mu.Unlock()
		}
	}()
	return c
}

// String returns the collected lines.
func (c *Console) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return strings.Join(c.lines, "\n")
}

// Snapshot returns a screenshot and the page's HTML, best effort: a crashed
// tab gives what it can.
func Snapshot(ctx context.Context) (png []byte, html string) {
	png, _ = chromedp.Run(ctx, chromedp.CaptureScreenshot())
	html, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement ? document.documentElement.outerHTML : ""`))
	return png, html
}
