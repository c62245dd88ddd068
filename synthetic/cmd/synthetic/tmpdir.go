package main

import (
	"fmt"
	"os"
)

// privateTempDir gives the runner a temporary folder of its own
// ($TMPDIR/synthetic-*) and makes it TMPDIR for the runner and all it
// starts (the sandbox, Chromium and its profiles, each run's own folder
// for its test binaries). The returned func removes it; call it after the
// runs' processes are reaped.
func privateTempDir() (func(), error) {
	dir, err := os.MkdirTemp("", "synthetic-")
	if err != nil {
		return nil, fmt.Errorf("create the runner's temporary folder (check TMPDIR): %w", err)
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
