package browser

import (
	"context"
	"fmt"
	"os"
	"os/exec"

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

// shellNames are the headless shell's names on PATH: Debian's package and
// Chrome for Testing's download.
var shellNames = []string{"chromium-headless-shell", "chrome-headless-shell", "headless_shell"}

// Shell returns the headless shell that serves Pages: SMOKE_HEADLESS_SHELL,
// else the first of shellNames on PATH; "" when there is none or the
// setting is "off", and full Chromium serves every tab.
func Shell(cfg *config.Config) (string, error) {
	switch cfg.HeadlessShell {
	case "off":
		return "", nil
	case "":
		for _, name := range shellNames {
			if p, err := exec.LookPath(name); err == nil {
				return p, nil
			}
		}
		return "", nil
	}
	if _, err := os.Stat(cfg.HeadlessShell); err != nil {
		return "", fmt.Errorf("SMOKE_HEADLESS_SHELL is %q, which does not exist: fix it, unset it (the shell on PATH, else full Chromium) or set it to off", cfg.HeadlessShell)
	}
	return cfg.HeadlessShell, nil
}

// Resolve returns the browser that serves kind. With an extension under
// test and no headless shell, one full Chromium serves both kinds, so a
// run never starts two full Chromiums.
func Resolve(cfg *config.Config, kind Kind) (Kind, error) {
	if kind == Pages && cfg.ExtensionPath != "" {
		shell, err := Shell(cfg)
		if err != nil {
			return kind, err
		}
		if shell == "" {
			return Extension, nil
		}
	}
	return kind, nil
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
		shell, err := Shell(cfg)
		if err != nil {
			return nil, err
		}
		if shell != "" {
			opts.ExecPath = shell
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
