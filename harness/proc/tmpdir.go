package proc

import (
	"fmt"
	"os"
)

// PrivateTempDir gives a command a temporary folder of its own
// ($TMPDIR/<prefix>*) and makes it TMPDIR for the command and all it
// starts: the test binaries, Chromium (its profiles and its own
// org.chromium.Chromium.* folders, which a helper ended at the close
// leaves behind) and the sandbox. The returned func removes it, with
// whatever is left in it; call it after the processes are reaped.
func PrivateTempDir(prefix string) (func(), error) {
	dir, err := os.MkdirTemp("", prefix)
	if err != nil {
		return nil, fmt.Errorf("create a temporary folder (check TMPDIR): %w", err)
	}
	prev, had := os.LookupEnv("TMPDIR")
	if err := os.Setenv("TMPDIR", dir); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return func() {
		if had {
			os.Setenv("TMPDIR", prev)
		} else {
			os.Unsetenv("TMPDIR")
		}
		os.RemoveAll(dir)
	}, nil
}
