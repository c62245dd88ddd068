package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// built is what make build builds, made once for the package's tests.
var built struct {
	once sync.Once
	dir  string
	err  error
}

// buildGate builds what make build builds into a temporary folder, once.
func buildGate(t *testing.T) string {
	t.Helper()
	built.once.Do(func() { built.dir, built.err = makeBuild(repoRoot(t)) })
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.dir
}

// makeBuild runs make build for the module in root into a new temporary
// folder, as a user would.
func makeBuild(root string) (string, error) {
	dir, err := os.MkdirTemp("", "smokegate-bin")
	if err != nil {
		return "", err
	}
	args := []string{"--no-print-directory", "-C", root, "BIN=" + dir, "build"}
	cmd := exec.Command("make", args...)
	cmd.Env = withoutMake(os.Environ())
	if out, err := cmd.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return "", &buildError{append([]string{"make"}, args...), err, out}
	}
	return dir, nil
}

type buildError struct {
	args []string
	err  error
	out  []byte
}

func (e *buildError) Error() string {
	return strings.Join(e.args, " ") + ": " + e.err.Error() + "\n" + string(e.out)
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}
