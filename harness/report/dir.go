package report

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Marker is the file the gate writes into every report folder it makes.
// Only a folder carrying it is ever emptied.
const Marker = ".smokegate-report"

const fix = "choose an empty or new folder for SMOKE_REPORT_DIR"

// PrepareDir makes dir ready for reports and marks it as the gate's own.
// A folder that does not exist is created; an empty one is taken; one that
// carries Marker is emptied when clear is set (a new run) and kept
// otherwise (a test binary adding its suite). Any other existing folder is
// refused, as are a symbolic link, the root (where .env lives), a folder
// above the root, the home folder and /. Emptying removes the folder's
// entries one by one without following links out of it, and nothing above
// it.
func PrepareDir(dir, root string, clear bool) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("report folder %s: %w", dir, err)
	}
	if err := refuseSpecial(abs, root); err != nil {
		return err
	}
	fi, err := os.Lstat(abs)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return create(abs)
	case err != nil:
		return fmt.Errorf("report folder %s: %w", abs, err)
	case fi.Mode()&os.ModeSymlink != 0:
		return fmt.Errorf("report folder %s is a symbolic link; the gate does not clear through links: %s", abs, fix)
	case !fi.IsDir():
		return fmt.Errorf("report folder %s is a file, not a folder: %s", abs, fix)
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return fmt.Errorf("report folder %s: %w", abs, err)
	}
	if len(entries) == 0 {
		return mark(abs)
	}
	if m, err := os.Lstat(filepath.Join(abs, Marker)); err != nil || !m.Mode().IsRegular() {
		return fmt.Errorf("report folder %s already holds files and is not a report folder of the gate (it lacks %s); the gate would delete them: %s", abs, Marker, fix)
	}
	if !clear {
		return nil
	}
	for _, e := range entries {
		if e.Name() == Marker {
			continue
		}
		// RemoveAll removes a link, not what it points to.
		if err := os.RemoveAll(filepath.Join(abs, e.Name())); err != nil {
			return fmt.Errorf("clear the report folder %s: %w", abs, err)
		}
	}
	return nil
}

// refuseSpecial refuses /, the home folder, the root and every folder
// above it, compared both as written and with links resolved.
func refuseSpecial(abs, root string) error {
	home, _ := os.UserHomeDir()
	for _, d := range variants(abs) {
		if filepath.Dir(d) == d {
			return fmt.Errorf("report folder %s is the file system root: %s", abs, fix)
		}
		for _, h := range variants(home) {
			if h != "" && d == h {
				return fmt.Errorf("report folder %s is the home folder: %s", abs, fix)
			}
		}
		if root == "" {
			continue
		}
		for _, r := range variants(root) {
			if d == r || strings.HasPrefix(r, d+string(filepath.Separator)) {
				return fmt.Errorf("report folder %s is the root folder %s or above it, where the gate would delete the checkout: %s (the default is reports under the root)", abs, root, fix)
			}
		}
	}
	return nil
}

// variants is path made absolute and clean, and the same with its links
// resolved when it exists.
func variants(path string) []string {
	if path == "" {
		return nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return []string{filepath.Clean(path)}
	}
	out := []string{abs}
	if real, err := filepath.EvalSymlinks(abs); err == nil && real != abs {
		out = append(out, real)
	}
	return out
}

func create(abs string) error {
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return fmt.Errorf("create the report folder %s: %w", abs, err)
	}
	return mark(abs)
}

func mark(abs string) error {
	note := "This folder holds smokegate reports. The gate empties it at the start of each run.\n"
	if err := os.WriteFile(filepath.Join(abs, Marker), []byte(note), 0o644); err != nil {
		return fmt.Errorf("mark the report folder %s: %w", abs, err)
	}
	return nil
}
