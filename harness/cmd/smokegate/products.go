package main

import (
	"cmp"
	"context"
	"fmt"
	"os"

	"github.com/smokegate/smokegate/fixtures/products"
	"github.com/smokegate/smokegate/harness/faultmatrix"
	"github.com/smokegate/smokegate/harness/sandbox"
)

// productFor is the named runbook's product (the default for ""): one
// this gate was built with, else the sandbox command that make build put
// beside the runbook's test binaries, whose faults it lists itself.
func productFor(ctx context.Context, name, binDir string) (products.Product, error) {
	p, err := products.Get(name)
	if err == nil {
		return p, nil
	}
	name = cmp.Or(name, products.Default)
	path := sandbox.CommandPath(binDir, name)
	if _, statErr := os.Stat(path); statErr != nil {
		return products.Product{}, fmt.Errorf("%w, and %s has no sandbox command (make build builds fixtures/%s/cmd/sandbox there)", err, binDir, name)
	}
	faults, err := sandbox.Faults(ctx, path)
	if err == nil {
		err = faultmatrix.CheckNames(faults)
	}
	if err != nil {
		return products.Product{}, fmt.Errorf("%s -matrix: %w", path, err)
	}
	return products.Product{Runbook: name, Start: sandbox.Command(path), Faults: func() []faultmatrix.Fault { return faults }}, nil
}
