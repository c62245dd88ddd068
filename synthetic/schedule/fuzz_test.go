package schedule

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse: no schedule file panics or hangs the parser, and one it
// accepts has checks whose slots advance. The corpus is every example and
// invalid file under testdata/synthetic.
func FuzzParse(f *testing.F) {
	for _, glob := range []string{"../*.yml", "../../testdata/synthetic/*/*.yml"} {
		files, _ := filepath.Glob(glob)
		for _, name := range files {
			b, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Parse("fuzz.yml", b, nil)
		if err != nil {
			return
		}
		for _, c := range s.Checks {
			if c.Every <= 0 || c.Deadline <= 0 {
				t.Fatalf("check %s accepted with every %s, deadline %s", c.Name, c.Every, c.Deadline)
			}
			now := utc("2026-12-02 10:00")
			if first := c.First(now); c.Next(first).Before(first) {
				t.Fatalf("check %s: slots go backwards", c.Name)
			}
		}
	})
}
