package runner

import "path/filepath"

// test2json is the converter's file name in the bin folder.
const test2json = "test2json"

// testBinary is where make build leaves a runbook's test binary.
func testBinary(binDir, rb, test string) string {
	return filepath.Join(binDir, "smoke", rb, test+".test")
}

// pkg is a test's package path, as test2json and the reports name it.
func (r *run) pkg(test string) string { return "smoke/" + r.rb.Name + "/" + test }
