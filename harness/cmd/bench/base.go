package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// gate is one revision of the gate to time.
type gate struct {
	name  string // new or old
	label string // with its commit
	dir   string // its working folder: .env files, and the sources for an old go test based gate
	exe   string
	env   []string
}

// buildBase checks out commit in a temporary git worktree and builds its
// gate there: make build where its Makefile has that target, else make
// bin/smokegate (the gate that still runs go test). The standalone
// sandbox's .env file is copied in. cleanup removes the worktree.
func buildBase(ctx context.Context, root, tmp, commit, envFile string) (g gate, cleanup func(), err error) {
	dir := filepath.Join(tmp, "base")
	if err := command(ctx, root, "git", "worktree", "add", "--detach", dir, commit); err != nil {
		return gate{}, nil, fmt.Errorf("check out BASE=%s: %w", commit, err)
	}
	cleanup = func() { _ = command(context.Background(), root, "git", "worktree", "remove", "--force", dir) }
	makefile, err := os.ReadFile(filepath.Join(dir, "Makefile"))
	if err != nil {
		cleanup()
		return gate{}, nil, fmt.Errorf("BASE=%s has no Makefile: %w", commit, err)
	}
	target := "bin/smokegate"
	if bytes.Contains(makefile, []byte("\nbuild:")) {
		target = "build"
	}
	if err := command(ctx, dir, "make", target); err == nil {
		err = copyFile(envFile, filepath.Join(dir, filepath.Base(envFile)))
	}
	if err != nil {
		cleanup()
		return gate{}, nil, fmt.Errorf("build the gate of BASE=%s: %w", commit, err)
	}
	label := "old (" + revision(ctx, dir) + ")"
	return gate{name: "old", label: label, dir: dir, exe: filepath.Join(dir, "bin", "smokegate"), env: cleanEnv(os.Environ())}, cleanup, nil
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err == nil {
		err = os.WriteFile(to, b, 0o600)
	}
	return err
}

// revision is the short commit checked out in dir, marked when the tree
// has changes.
func revision(ctx context.Context, dir string) string {
	out, err := exec.CommandContext(ctx, "git", "-C", dir, "describe", "--always", "--dirty").Output()
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(out))
}
