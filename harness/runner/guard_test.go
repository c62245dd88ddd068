package runner

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// rawStore matches the unguarded handles on a product's data (the
// clients' constructors, and the model's own wiring): a check reaches its
// data only through its product's guarded package
// (smoke/<runbook>/internal), which writes nothing but the suite's own
// test accounts.
var rawStore = regexp.MustCompile(`\bd1\.New\(|\bobjstore\.New\(|\bmodel\.(New|FromConfig)\(|\bmongo\.(Connect|NewClient)\(|\bsql\.Open\(`)

func TestChecksUseTheirProductsGuard(t *testing.T) {
	root := repoRoot(t)
	checks, err := filepath.Glob(filepath.Join(root, "smoke", "*", "*", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	scanned := 0
	for _, f := range checks {
		dir := filepath.Base(filepath.Dir(f))
		if dir == "internal" || dir == "sweep" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		scanned++
		for _, raw := range rawStore.FindAllString(string(src), -1) {
			rel, _ := filepath.Rel(root, f)
			t.Errorf("%s uses %s: read and write the product's data through its guarded package under smoke/<runbook>/internal", rel, raw)
		}
	}
	if scanned < 12 {
		t.Fatalf("scanned %d check files: the glob missed the checks", scanned)
	}
}
