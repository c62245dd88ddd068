package browser

import (
	"context"
	"os"

	"github.com/smokegate/smokegate/harness/config"
)

// FromConfig launches the Chromium the configuration describes: its binary
// (SMOKE_CHROME_PATH), host mapping, certificate setting and, with
// SMOKE_EXTENSION_PATH, a copy of the extension pointed at SMOKE_API_URL.
// Shared opens it to other processes (see Connect). Close removes the copy.
func FromConfig(ctx context.Context, cfg *config.Config, shared bool) (*Browser, error) {
	opts := Options{ExecPath: cfg.ChromePath, HostResolverRules: cfg.HostResolverRules,
		IgnoreCertErrors: cfg.IgnoreCertErrors, Shared: shared}
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
