package browser

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
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
