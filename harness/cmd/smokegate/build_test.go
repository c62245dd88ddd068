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

// makeBuild builds the gate, test2json and the smoke test binaries of the
// module in root into a new temporary folder.
func makeBuild(root string) (string, error) {
	dir, err := os.MkdirTemp("", "smokegate-bin")
	if err != nil {
		return "", err
	}
	for _, args := range [][]string{
		{"build", "-o", filepath.Join(dir, "smokegate"), "./harness/cmd/smokegate"},
		{"build", "-o", filepath.Join(dir, "test2json"), "cmd/test2json"},
		{"test", "-c", "-tags", "nosandbox", "-o", filepath.Join(dir, "smoke") + "/", "./smoke/..."},
	} {
		cmd := exec.Command("go", args...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			os.RemoveAll(dir)
			return "", &buildError{args, err, out}
		}
	}
	return dir, nil
}

type buildError struct {
	args []string
	err  error
	out  []byte
}

func (e *buildError) Error() string {
	return "go " + strings.Join(e.args, " ") + ": " + e.err.Error() + "\n" + string(e.out)
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}
