package browser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/remote"

	"github.com/smokegate/smokegate/harness/wait"
)

// Options configures Launch.
type Options struct {
	ExecPath          string // Chromium; empty: FindChrome
	ExtensionDir      string // unpacked extension to load; empty: none
	HostResolverRules string // e.g. "MAP chat.openai.com 127.0.0.1:8443"
	IgnoreCertErrors  bool   // for replica pages with a self-signed certificate
	StartTimeout      time.Duration
	// Shared opens a DevTools port, so that other processes (the smoke
	// test binaries of one gate run) can use this browser through Connect.
	Shared bool
}

// Browser is a running Chromium.
type Browser struct {
	ctx         context.Context
	cancel      context.CancelFunc
	cancelAlloc context.CancelFunc
	extCopy     string // the extension's copy FromConfig made; Close removes it
	// ExtensionID is the id of the loaded extension, read from its service
	// worker's URL.
	ExtensionID string
	// DevToolsURL is the browser's DevTools WebSocket address when it was
	// launched Shared; pass it to Connect.
	DevToolsURL string
}

// ErrNoChrome means no Chromium binary was found.
var ErrNoChrome = errors.New("Chromium not found: install it (make setup: apt-get install chromium) or set SMOKE_CHROME_PATH")

// FindChrome returns configured when set (and executable), or the first
// Chromium or Chrome on PATH.
func FindChrome(configured string) (string, error) {
	if configured != "" {
		if _, err := os.Stat(configured); err != nil {
			return "", fmt.Errorf("SMOKE_CHROME_PATH is %q, which does not exist: fix it or unset it", configured)
		}
		return configured, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChrome
}

// Launch starts Chromium and, with an extension, waits until its service
// worker runs.
func Launch(ctx context.Context, o Options) (*Browser, error) {
	if o.StartTimeout == 0 {
		o.StartTimeout = 15 * time.Second
	}
	path, err := FindChrome(o.ExecPath)
	if err != nil {
		return nil, err
	}
	if o.ExtensionDir != "" {
		if _, err := os.Stat(filepath.Join(o.ExtensionDir, "manifest.json")); err != nil {
			return nil, fmt.Errorf("extension folder %s has no manifest.json (check SMOKE_EXTENSION_PATH)", o.ExtensionDir)
		}
	}
	// chromedp makes a fresh profile folder and, on close, ends Chromium's
	// leftover helpers and removes the folder (retrying while they exit).
	out := &devToolsAddress{found: make(chan string, 1)}
	allocOpts := flags(path, o)
	if o.Shared {
		allocOpts = append(allocOpts, chromedp.Flag("remote-debugging-port", "0"), chromedp.CombinedOutput(out), remote.WebSocket)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), allocOpts...)
	bctx, cancel := chromedp.NewContext(allocCtx)
	b := &Browser{ctx: bctx, cancel: cancel, cancelAlloc: cancelAlloc}
	startCtx, stop := context.WithTimeout(ctx, o.StartTimeout)
	defer stop()
	if err := startBrowser(startCtx, bctx); err != nil {
		b.Close()
		// chromedp's error ends with Chromium's output, often empty lines:
		// keep it on one line, so the verdict shows the diagnosis.
		return nil, fmt.Errorf("start Chromium (%s): %s%s", path, strings.Join(strings.Fields(err.Error()), " "), diagnose(ctx, path))
	}
	if o.Shared {
		select {
		case b.DevToolsURL = <-out.found:
		default:
			b.Close()
			return nil, fmt.Errorf("start Chromium (%s): it printed no DevTools address", path)
		}
	}
	if o.ExtensionDir != "" {
		if b.ExtensionID, err = waitServiceWorker(startCtx, bctx); err != nil {
			b.Close()
			return nil, err
		}
	}
	return b, nil
}

// startBrowser runs the first action, which starts the browser. It is
// bound to bctx (no timeout) so the browser outlives the start deadline.
func startBrowser(deadline, bctx context.Context) error {
	return within(deadline, func() error { return chromedp.Do(bctx) })
}

// within runs start, which must not be bound to deadline (the browser
// outlives it), and gives up waiting when deadline ends.
func within(deadline context.Context, start func() error) error {
	done := make(chan error, 1)
	go func() { done <- start() }()
	select {
	case err := <-done:
		return err
	case <-deadline.Done():
		return fmt.Errorf("no answer within the start timeout: %w", deadline.Err())
	}
}

func flags(path string, o Options) []chromedp.ExecAllocatorOption {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // the suite runs as root in CI containers
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		// fewer renderers: each holds its own copy of Blink and V8 (a gate
		// run peaked ~180 MiB lower); browser contexts never share one
		chromedp.Flag("renderer-process-limit", "2"),
		chromedp.WindowSize(1280, 900),
	)
	if o.ExtensionDir != "" {
		opts = append(opts,
			chromedp.Flag("disable-extensions", false),
			chromedp.Flag("disable-extensions-except", o.ExtensionDir),
			chromedp.Flag("load-extension", o.ExtensionDir),
		)
	}
	if o.HostResolverRules != "" {
		opts = append(opts, chromedp.Flag("host-resolver-rules", o.HostResolverRules))
	}
	if o.IgnoreCertErrors {
		opts = append(opts, chromedp.Flag("ignore-certificate-errors", true))
	}
	return opts
}

// waitServiceWorker polls the targets until the extension's service worker
// appears and returns the extension id.
func waitServiceWorker(ctx, bctx context.Context) (string, error) {
	id, err := wait.For(ctx, "the extension's service worker", func(context.Context) (string, bool, error) {
		infos, err := chromedp.Targets(bctx)
		if err != nil {
			return "", false, fmt.Errorf("list browser targets: %w", err)
		}
		for _, info := range infos {
			if info.Type == "service_worker" && strings.HasPrefix(info.URL, "chrome-extension://") {
				rest := strings.TrimPrefix(info.URL, "chrome-extension://")
				return rest[:strings.Index(rest+"/", "/")], true, nil
			}
		}
		return "", false, nil
	})
	if err != nil {
		return "", fmt.Errorf("the extension's service worker never started: Chromium did not load the extension (check SMOKE_EXTENSION_PATH and its manifest): %w", err)
	}
	return id, nil
}

// FirstTab is the tab the browser opened at start. A program that drives a
// single page can use it instead of opening another; Close ends it.
func (b *Browser) FirstTab() context.Context { return b.ctx }

// Tab opens a new tab; cancel closes it.
func (b *Browser) Tab() (context.Context, context.CancelFunc) {
	return chromedp.NewContext(b.ctx)
}

// Close stops Chromium and waits until it and its profile are gone.
func (b *Browser) Close() {
	b.cancel()
	b.cancelAlloc()
	if b.extCopy != "" {
		_ = os.RemoveAll(b.extCopy)
	}
}
