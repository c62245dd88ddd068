package browser

import (
	"context"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
)

// aliveTimeout bounds the question whether Chromium still answers.
const aliveTimeout = 3 * time.Second

// Alive tells whether the browser still answers over DevTools: false once
// Chromium has crashed, been killed, or lost its connection.
func (b *Browser) Alive() bool {
	if b == nil || b.ctx.Err() != nil {
		return false
	}
	ctx, cancel := context.WithTimeout(b.ctx, aliveTimeout)
	defer cancel()
	c := chromedp.FromContext(ctx)
	if c == nil || c.Browser == nil {
		return false
	}
	_, err := cdp.Call(ctx, c.Browser, cdpbrowser.GetVersion, cdp.Empty{})
	return err == nil
}
