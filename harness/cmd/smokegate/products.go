package main

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/smokegate/smokegate/fixtures/faults"
	"github.com/smokegate/smokegate/fixtures/manuscript"
	"github.com/smokegate/smokegate/fixtures/sandbox"
	"github.com/smokegate/smokegate/harness/faultmatrix"
	"github.com/smokegate/smokegate/harness/runner"
)

// product is what the gate knows of a runbook beyond its bin folder: how
// to start its sandbox and the faults that sandbox can break.
type product struct {
	start  runner.StartSandbox
	faults func() []faultmatrix.Fault
}

// defaultRunbook is run when neither -runbook nor SMOKE_RUNBOOK names one.
const defaultRunbook = "promptlens"

// products are the runbooks this gate was built with, by name.
var products = map[string]product{
	"promptlens": {start: sandbox.Starter, faults: faults.Matrix},
	"manuscript": {start: manuscript.Starter, faults: manuscript.Matrix},
}

// productFor returns the named product (the default for "") and its name.
func productFor(name string) (product, string, error) {
	name = cmp.Or(name, defaultRunbook)
	p, ok := products[name]
	if !ok {
		return product{}, name, fmt.Errorf("no runbook %q in this gate; known: %s", name, strings.Join(slices.Sorted(maps.Keys(products)), ", "))
	}
	return p, name, nil
}

// starters are the products' sandbox starters, for runner.Options.
func starters() map[string]runner.StartSandbox {
	out := map[string]runner.StartSandbox{}
	for name, p := range products {
		out[name] = p.start
	}
	return out
}
