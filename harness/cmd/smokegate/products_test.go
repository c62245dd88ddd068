package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/smokegate/smokegate/fixtures/products"
	"github.com/smokegate/smokegate/harness/faultmatrix"
	"github.com/smokegate/smokegate/harness/runbook"
)

// Every runbook under smoke/ is a product of the gate, and each product's
// fault matrix names checks of its own runbook.
func TestProductsMatchRunbooks(t *testing.T) {
	root := repoRoot(t)
	files, err := filepath.Glob(runbook.Path(root, "*"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(filepath.Dir(f)))
	}
	var got []string
	for _, p := range products.All() {
		got = append(got, p.Runbook)
	}
	for _, name := range names { // a product with a sandbox command of its own needs no entry
		if _, err := os.Stat(filepath.Join(root, "fixtures", name, "cmd", "sandbox")); err == nil && !slices.Contains(got, name) {
			got = append(got, name)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, names) {
		t.Errorf("products %v, want one per runbook under smoke/ (in fixtures/products, or fixtures/<runbook>/cmd/sandbox): %v", got, names)
	}
	for _, name := range names {
		p, err := products.Get(name)
		if err != nil {
			continue
		}
		rb, err := runbook.Load(runbook.Path(root, name))
		if err != nil {
			t.Fatal(err)
		}
		faults := p.Faults()
		if len(faults) == 0 {
			t.Errorf("%s: its sandbox has no fault, so prove can show nothing", name)
		}
		if err := faultmatrix.Validate(faults, rb); err != nil {
			t.Errorf("%s's fault matrix: %v", name, err)
		}
	}
}
