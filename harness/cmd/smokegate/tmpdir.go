package main

import (
	"fmt"
	"os"
)

// privateTempDir gives the run a temporary folder of its own
// ($TMPDIR/smokegate-run-*) and makes it TMPDIR for the gate and all it
// starts: the test binaries, Chromium (its profiles and its own
// org.chromium.Chromium.* folders, which a helper ended at the close
// leaves behind) and the sandbox. The returned func removes it, with
// whatever is left in it; call it after the run's processes are reaped.
func privateTempDir() (func(), error) {
	dir, err := os.MkdirTemp("", "smokegate-run-")
	if err != nil {
		return nil, fmt.Errorf("create the run's temporary folder (check TMPDIR): %w", err)
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
