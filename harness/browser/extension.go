package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/chromedp/chromedp"
)

// PrepareExtension copies the unpacked extension in src to a new folder
// and writes config.json with the API base URL into the copy, as the
// sandbox extension expects. The caller removes the folder.
func PrepareExtension(src, apiURL string) (string, error) {
	if _, err := os.Stat(filepath.Join(src, "manifest.json")); err != nil {
		return "", fmt.Errorf("extension folder %s has no manifest.json (check SMOKE_EXTENSION_PATH)", src)
	}
	dst, err := os.MkdirTemp("", "smokegate-extension-")
	if err != nil {
		return "", fmt.Errorf("copy the extension: %w", err)
	}
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		os.RemoveAll(dst)
		return "", fmt.Errorf("copy the extension from %s: %w", src, err)
	}
	cfg, _ := json.Marshal(map[string]string{"apiBaseUrl": apiURL})
	if err := os.WriteFile(filepath.Join(dst, "config.json"), cfg, 0o644); err != nil {
		os.RemoveAll(dst)
		return "", fmt.Errorf("write the extension's config.json: %w", err)
	}
	return dst, nil
}

// ExtensionWorker attaches to the loaded extension's service worker, for
// reading what it did (its Resource Timing, say). Bound actions on it with
// a timeout of their own; cancel detaches and leaves the worker running.
func (b *Browser) ExtensionWorker() (context.Context, context.CancelFunc, error) {
	infos, err := chromedp.Targets(b.ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("list browser targets: %w", err)
	}
	prefix := "chrome-extension://" + b.ExtensionID + "/"
	for _, info := range infos {
		if info.Type == "service_worker" && strings.HasPrefix(info.URL, prefix) {
			wctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithTargetID(info.TargetID), chromedp.WithDetachOnCancel())
			return wctx, cancel, nil
		}
	}
	return nil, nil, fmt.Errorf("the extension's service worker %s is not running", prefix)
}
