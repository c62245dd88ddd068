package runner

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/smokegate/smokegate/harness/config"
)

// test2json is the converter's file name in the bin folder.
const test2json = "test2json"

func testBinary(binDir, test string) string {
	return filepath.Join(binDir, "smoke", test+".test")
}

// findTests checks that binDir holds test2json and a binary for each
// wanted test; with none wanted, it lists the binaries there in runbook
// order (unknown ones last, by name).
func findTests(binDir string, want []string) ([]string, error) {
	if binDir == "" {
		return nil, fmt.Errorf("no bin folder given: pass the folder make build fills (bin)")
	}
	if _, err := os.Stat(filepath.Join(binDir, test2json)); err != nil {
		return nil, fmt.Errorf("%s is missing: run make build (or go build -o %[1]s cmd/test2json)", filepath.Join(binDir, test2json))
	}
	if len(want) > 0 {
		for _, t := range want {
			if _, err := os.Stat(testBinary(binDir, t)); err != nil {
				return nil, fmt.Errorf("%s is missing: run make build, or leave %s out", testBinary(binDir, t), t)
			}
		}
		return want, nil
	}
	found, err := filepath.Glob(testBinary(binDir, "*"))
	if err != nil || len(found) == 0 {
		return nil, fmt.Errorf("no smoke test binaries in %s: run make build", filepath.Join(binDir, "smoke"))
	}
	tests := make([]string, len(found))
	for i, f := range found {
		tests[i] = strings.TrimSuffix(filepath.Base(f), ".test")
	}
	return runbookOrder(tests), nil
}

// runbookOrder sorts tests as config.Tests lists them; unknown ones go
// last, by name.
func runbookOrder(tests []string) []string {
	rank := func(t string) int {
		if i := slices.Index(config.Tests, t); i >= 0 {
			return i
		}
		return len(config.Tests)
	}
	slices.SortStableFunc(tests, func(a, b string) int {
		if d := rank(a) - rank(b); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return tests
}
