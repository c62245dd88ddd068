package harness

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/smokegate/smokegate/harness/runbook"
)

// productData are names of the two products' own data: their MongoDB
// collections and D1 tables. The import rules (harness/runner) keep the
// harness from importing a product's packages; this keeps its code from
// reaching into a product's data by name: that belongs in
// smoke/<runbook>/internal.
var productData = []string{
	"webhookEvents", "passwordResetTokens", `Collection("users")`, `Collection("prompts")`,
	"verification_tokens", "backup_logs", "subscriptions", "manuscripts", "stripe_events",
}

func TestHarnessNamesNoProductData(t *testing.T) {
	vars, _, err := runbook.Declared(filepath.Join("..", "smoke"), "")
	if err != nil || len(vars) == 0 {
		t.Fatalf("the runbooks' variables: %v (%d)", err, len(vars))
	}
	var declared []string
	for _, v := range vars {
		declared = append(declared, v.Name)
	}
	scanned := 0
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (path == "cmd" || d.Name() == "testdata"):
			return filepath.SkipDir // the commands wire products in; test data is data
		case d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go"):
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		scanned++
		for _, name := range declared {
			if regexp.MustCompile(`\b` + name + `\b`).Match(src) {
				t.Errorf("harness/%s names %s, a variable a runbook declares: read it in the product's code (smoke/<runbook>/internal)", path, name)
			}
		}
		for _, name := range productData {
			if strings.Contains(string(src), name) {
				t.Errorf("harness/%s names %s, a product's data: move that code to the product's smoke/<runbook>/internal", path, name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if scanned < 20 {
		t.Fatalf("scanned %d files: the walk missed the harness", scanned)
	}
}
