package harness

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
)

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// Evidence saves data as a file for the report, redacted when it is
// text, in the test's artifact folder (t.ArtifactDir) when the binary
// runs with -test.artifacts (the gate's runner passes it, with an output
// folder in the run's evidence/<check>), else under
// <report dir>/evidence/<check>/<test>/. The report links it by its path
// relative to the repository root.
func (s *S) Evidence(name string, data []byte) {
	s.t.Helper()
	dir := s.evidenceDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		s.t.Logf("evidence %s not saved: %v", name, err)
		return
	}
	if isText(name) {
		data = []byte(s.bin.redact(string(data)))
	}
	path := filepath.Join(dir, unsafeName.ReplaceAllString(s.bin.redact(name), "_"))
	if err := os.WriteFile(path, data, 0o644); err != nil {
		s.t.Logf("evidence %s not saved: %v", name, err)
		return
	}
	rel, err := filepath.Rel(s.bin.root, path)
	if err != nil {
		rel = path
	}
	s.evidence = append(s.evidence, filepath.ToSlash(rel))
}

// evidenceDir is the folder of the test's evidence.
func (s *S) evidenceDir() string {
	if f := flag.Lookup("test.artifacts"); f != nil && f.Value.String() == "true" {
		return s.t.ArtifactDir()
	}
	return filepath.Join(s.bin.reportDir(), "evidence", s.bin.name, unsafeName.ReplaceAllString(s.bin.redact(s.t.Name()), "_"))
}

func isText(name string) bool {
	switch filepath.Ext(name) {
	case ".png", ".jpg", ".jpeg":
		return false
	}
	return true
}
