package runner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rawStores are the harness's unguarded handles on a product's data: a
// check reaches its data only through its product's guarded package
// (smoke/<runbook>/internal), which writes nothing but the suite's own
// test accounts.
var rawStores = []string{".Mongo()", ".TryMongo()", ".D1()"}

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
		for _, raw := range rawStores {
			if strings.Contains(string(src), raw) {
				rel, _ := filepath.Rel(root, f)
				t.Errorf("%s calls %s: read and write the product's data through its guarded package under smoke/<runbook>/internal", rel, raw)
			}
		}
	}
	if scanned < 12 {
		t.Fatalf("scanned %d check files: the glob missed the checks", scanned)
	}
}
