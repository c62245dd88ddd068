package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// prove passes a runbook whose check catches its fault, and fails the
// same runbook once that check is edited to miss it: health, built from a
// copy of its source that returns before it looks at the answer, no longer
// catches db-down.
func TestProveCatchesAnEditedCheck(t *testing.T) {
	if testing.Short() || runtime.GOOS != "linux" {
		t.Skip("builds the gate and runs it against the sandbox; Linux only")
	}
	bin := buildGate(t)
	cases := []struct {
		name     string
		bin      string
		wantCode int
		want     []string
	}{
		{"as built", bin, 0, []string{"db-down", "caught", "PROVE PASS: 1/1"}},
		{"health edited to miss it", editedBin(t, bin), 1, []string{"MISSED", "health passed", "PROVE FAIL: 1 missed"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out := runBinary(t, filepath.Join(bin, "smokegate"), t.TempDir(), nil, "prove", "-fault", "db-down", "-bin", tc.bin)
			if code != tc.wantCode {
				t.Fatalf("prove exited %d, want %d:\n%s", code, tc.wantCode, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("prove's output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

// prove refuses what it cannot prove with exit 2 and a line naming it.
func TestProveRefuses(t *testing.T) {
	if testing.Short() || runtime.GOOS != "linux" {
		t.Skip("builds the gate")
	}
	bin := buildGate(t)
	cases := []struct{ args []string }{
		{[]string{"prove", "-fault", "no-such-fault"}},
		{[]string{"prove", "-runbook", "nope"}},
		{[]string{"prove", "-bogus"}},
	}
	for _, tc := range cases {
		code, out := runBinary(t, filepath.Join(bin, "smokegate"), t.TempDir(), nil, tc.args...)
		if code != 2 || !strings.Contains(out, strings.TrimPrefix(tc.args[len(tc.args)-1], "-")) {
			t.Errorf("smokegate %v: exit %d, want 2 and a line naming the problem:\n%s", tc.args, code, out)
		}
	}
}

// editedBin is a copy of bin (links to its files) whose health test binary
// is built from health_test.go with an early return after its first step.
func editedBin(t *testing.T, bin string) string {
	t.Helper()
	root, dir := repoRoot(t), t.TempDir()
	book := filepath.Join("smoke", "promptlens")
	if err := os.MkdirAll(filepath.Join(dir, book), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"smokegate", "test2json"} {
		link(t, filepath.Join(bin, name), filepath.Join(dir, name))
	}
	files, _ := filepath.Glob(filepath.Join(bin, book, "*"))
	for _, f := range files {
		if filepath.Base(f) != "health.test" {
			link(t, f, filepath.Join(dir, book, filepath.Base(f)))
		}
	}
	src := filepath.Join(root, book, "health", "health_test.go")
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	const at = `s.Step("GET /api/health")`
	if !strings.Contains(string(b), at) {
		t.Fatalf("%s no longer holds %s: update this test's edit", src, at)
	}
	edited := filepath.Join(dir, "health_test.go")
	if err := os.WriteFile(edited, []byte(strings.Replace(string(b), at, at+"\n\tif true {\n\t\treturn\n\t}", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	overlay, _ := json.Marshal(map[string]map[string]string{"Replace": {src: edited}})
	ov := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(ov, overlay, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "test", "-c", "-tags", "nosandbox", "-overlay", ov, "-o", filepath.Join(dir, book, "health.test"), "./"+book+"/health")
	cmd.Dir, cmd.Env = root, withoutMake(os.Environ())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build the edited health check: %v\n%s", err, out)
	}
	return dir
}

func link(t *testing.T, from, to string) {
	t.Helper()
	if err := os.Symlink(from, to); err != nil {
		t.Fatal(err)
	}
}
