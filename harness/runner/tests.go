package runner

import "path/filepath"

// test2json is the converter's file name in the bin folder.
const test2json = "test2json"

func testBinary(binDir, test string) string {
	return filepath.Join(binDir, "smoke", test+".test")
}
