package runner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smokegate/smokegate/harness/report"
)

// The gate refuses a report folder that is not its own before it runs
// anything: exit 2, the folder named, its files kept. The binaries are
// empty files: a run that got past the refusal would fail to start them.
func TestRunRefusesForeignReportDir(t *testing.T) {
	bin := fakeBin(t, runbookTests...)
	root := t.TempDir()
	other := t.TempDir()
	for _, f := range []string{filepath.Join(root, ".git", "HEAD"), filepath.Join(other, "keep.txt")} {
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct{ name, dir, keep string }{
		{"dot", ".", filepath.Join(root, ".git", "HEAD")},
		{"an existing folder with a file", other, filepath.Join(other, "keep.txt")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, res := runGate(t, Options{BinDir: bin, Root: root, Env: cleanEnv(tc.dir, nil)})
			v := res.Verdict
			if v.Code != report.ExitUndecided || !strings.Contains(v.Line, "choose an empty or new folder") || !strings.Contains(out, v.Line) {
				t.Errorf("exit %d, verdict %q; want a gate error naming the fix\n%s", v.Code, v.Line, out)
			}
			if _, err := os.Stat(tc.keep); err != nil {
				t.Errorf("%s is gone: %v", tc.keep, err)
			}
		})
	}
}
