package browser

import (
	"context"
	"fmt"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/smokegate/smokegate/harness/wait"
)

// Type focuses the field css and enters text in one step, as a paste or an
// input method does: the page gets its input events, without the dozens of
// protocol round trips of typing key by key.
func Type(ctx context.Context, css, text string) error {
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(css))); err != nil {
		return fmt.Errorf("focus %s: %w", css, err)
	}
	if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: text}); err != nil {
		return fmt.Errorf("type into %s: %w", css, err)
	}
	return nil
}

// Await evaluates expr in the tab until it returns a non-empty string or
// ctx ends. It polls from Go, not inside the page, so it survives
// navigations and works under a strict Content-Security-Policy.
func Await(ctx context.Context, expr string) (string, error) {
	return wait.For(ctx, "the page", func(ctx context.Context) (string, bool, error) {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		return got, err == nil && got != "", err
	})
}
