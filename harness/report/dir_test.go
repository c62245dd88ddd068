package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPrepareDir: the gate empties only a folder it made, and a file that
// is not the gate's survives every refused case.
func TestPrepareDir(t *testing.T) {
	tests := []struct {
		name    string
		dir     func(top string) string // top holds home/, work/checkout (the root), other/
		clear   bool
		wantErr string   // "" accepts
		survive []string // files under top that must still exist
		gone    []string // files under top that must be removed
	}{
		{name: "dot is the root", dir: func(string) string { return "." }, clear: true,
			wantErr: "root folder", survive: []string{"work/checkout/.git/HEAD", "work/checkout/reports/old.xml"}},
		{name: "the root", dir: func(top string) string { return filepath.Join(top, "work/checkout") }, clear: true,
			wantErr: "root folder", survive: []string{"work/checkout/.git/HEAD"}},
		{name: "the root, even marked", dir: func(top string) string { return filepath.Join(top, "work/checkout") }, clear: true,
			wantErr: "root folder", survive: []string{"work/checkout/.git/HEAD", "work/checkout/" + Marker}},
		{name: "above the root", dir: func(top string) string { return filepath.Join(top, "work") }, clear: true,
			wantErr: "above it", survive: []string{"work/checkout/.git/HEAD"}},
		{name: "the home folder", dir: func(top string) string { return filepath.Join(top, "home") }, clear: true,
			wantErr: "home folder", survive: []string{"home/notes.txt"}},
		{name: "the file system root", dir: func(string) string { return "/" }, clear: true, wantErr: "file system root"},
		{name: "a folder with a file", dir: func(top string) string { return filepath.Join(top, "other") }, clear: true,
			wantErr: "is not a report folder", survive: []string{"other/keep.txt"}},
		{name: "a folder with a file, not clearing", dir: func(top string) string { return filepath.Join(top, "other") },
			wantErr: "is not a report folder", survive: []string{"other/keep.txt"}},
		{name: "a symlink to a folder with a file", dir: func(top string) string { return filepath.Join(top, "work/checkout/link") }, clear: true,
			wantErr: "symbolic link", survive: []string{"other/keep.txt"}},
		{name: "a file", dir: func(top string) string { return filepath.Join(top, "other/keep.txt") }, clear: true,
			wantErr: "is a file", survive: []string{"other/keep.txt"}},
		{name: "a marked folder is emptied, links removed not followed", dir: func(top string) string { return filepath.Join(top, "work/checkout/reports") }, clear: true,
			survive: []string{"other/keep.txt", "work/checkout/reports/" + Marker}, gone: []string{"work/checkout/reports/old.xml", "work/checkout/reports/out"}},
		{name: "a marked folder is kept when not clearing", dir: func(top string) string { return filepath.Join(top, "work/checkout/reports") },
			survive: []string{"work/checkout/reports/old.xml", "work/checkout/reports/" + Marker}},
		{name: "a new folder", dir: func(top string) string { return filepath.Join(top, "work/checkout/new/reports") }, clear: true,
			survive: []string{"work/checkout/new/reports/" + Marker}},
		{name: "an empty folder", dir: func(top string) string { return filepath.Join(top, "empty") }, clear: true,
			survive: []string{"empty/" + Marker}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			top := t.TempDir()
			root := filepath.Join(top, "work/checkout")
			for _, f := range []string{"home/notes.txt", "work/checkout/.git/HEAD", "other/keep.txt", "work/checkout/reports/old.xml", "work/checkout/reports/" + Marker} {
				write(t, filepath.Join(top, f))
			}
			if tc.name == "the root, even marked" {
				write(t, filepath.Join(root, Marker))
			}
			must(t, os.Mkdir(filepath.Join(top, "empty"), 0o755))
			must(t, os.Symlink(filepath.Join(top, "other"), filepath.Join(root, "link")))
			must(t, os.Symlink(filepath.Join(top, "other"), filepath.Join(root, "reports/out")))
			t.Setenv("HOME", filepath.Join(top, "home"))
			t.Chdir(root)

			err := PrepareDir(tc.dir(top), root, tc.clear)
			if tc.wantErr == "" && err != nil {
				t.Fatalf("PrepareDir: %v", err)
			}
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), "choose an empty or new folder") {
					t.Errorf("err = %v, want one saying %q and the fix", err, tc.wantErr)
				}
			}
			for _, f := range tc.survive {
				if _, err := os.Lstat(filepath.Join(top, f)); err != nil {
					t.Errorf("%s is gone: %v", f, err)
				}
			}
			for _, f := range tc.gone {
				if _, err := os.Lstat(filepath.Join(top, f)); err == nil {
					t.Errorf("%s is still there", f)
				}
			}
		})
	}
}

func write(t *testing.T, path string) {
	t.Helper()
	must(t, os.MkdirAll(filepath.Dir(path), 0o755))
	must(t, os.WriteFile(path, []byte("x"), 0o644))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
