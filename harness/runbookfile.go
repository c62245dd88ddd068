package harness

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/smokegate/smokegate/harness/runbook"
)

// ownCheck is the test binary's check in its runbook at path.
func ownCheck(path, test string) (runbook.Check, error) {
	rb, err := runbook.Load(path)
	if err != nil {
		return runbook.Check{}, err
	}
	chk, ok := rb.Check(test)
	if !ok {
		return runbook.Check{}, fmt.Errorf("%s is not a check of the runbook %s (%s): add it there", test, rb.Name, path)
	}
	return chk, nil
}

// runbookPath finds the runbook this test binary belongs to: the file the
// gate names (SMOKE_RUNBOOK_FILE), else the one beside the binary
// (bin/smoke/<runbook>/), else the one above the package's folder (go test
// runs a test in its package's folder). It is read from the environment
// alone, before the configuration, which needs the runbook's folder to
// know the product's variables; only the gate sets it.
func runbookPath() (string, error) {
	if path := os.Getenv("SMOKE_RUNBOOK_FILE"); path != "" {
		return path, nil
	}
	candidates := []string{filepath.Join(filepath.Dir(os.Args[0]), runbook.File)}
	if wd, err := os.Getwd(); err == nil {
		candidates = append(candidates, filepath.Join(filepath.Dir(wd), runbook.File))
	}
	for _, p := range candidates {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no runbook.yml beside the test binary or above its package: run it through the gate, with go test in the package's folder, or set SMOKE_RUNBOOK_FILE")
}
