package browser

import (
	"context"
	"os"

	"github.com/smokegate/smokegate/harness/config"
)

// Kind is what a tab needs of its browser.
type Kind int

const (
	// Pages is a browser for web pages only: Debian's
	// chromium-headless-shell when it is installed, which starts and
	// renders for a fraction of full Chromium's CPU.
	Pages Kind = iota
	// Extension is full Chromium with the extension under test loaded
	// (the headless shell loads no extension).
	Extension
)

func (k Kind) String() string {
	if k == Extension {
		return "Chromium with the extension"
	}
	return "Chromium for pages"
}

// Resolve returns the browser that serves kind. With an extension under
// test and no headless shell (cfg.HeadlessShell, resolved at load), one
// full Chromium serves both kinds, so a run never starts two full
// Chromiums.
func Resolve(cfg *config.Config, kind Kind) Kind {
	if kind == Pages && cfg.ExtensionPath != "" && cfg.HeadlessShell == "" {
		return Extension
	}
	return kind
}

// FromConfig launches the browser of kind the configuration describes.
// Both get the host mapping and certificate setting. Extension is full
// Chromium (SMOKE_CHROME_PATH) with, when SMOKE_EXTENSION_PATH is set, a
// copy of the extension pointed at SMOKE_API_URL; Pages is the headless
// shell, or full Chromium without the extension when there is none.
// Shared opens it to other processes (see Connect). Close removes the copy.
func FromConfig(ctx context.Context, cfg *config.Config, kind Kind, shared bool) (*Browser, error) {
	opts := Options{ExecPath: cfg.ChromePath, HostResolverRules: cfg.HostResolverRules,
		IgnoreCertErrors: cfg.IgnoreCertErrors, Shared: shared}
	if kind == Pages {
		if cfg.HeadlessShell != "" {
			opts.ExecPath = cfg.HeadlessShell
		}
		return Launch(ctx, opts)
	}
	var copyDir string
	if cfg.ExtensionPath != "" {
		dir, err := PrepareExtension(cfg.ExtensionPath, cfg.APIURL)
		if err != nil {
			return nil, err
		}
		copyDir, opts.ExtensionDir = dir, dir
	}
	b, err := Launch(ctx, opts)
	if err != nil {
		if copyDir != "" {
			_ = os.RemoveAll(copyDir)
		}
		return nil, err
	}
	b.extCopy = copyDir
	return b, nil
}
