package main

import "github.com/smokegate/smokegate/fixtures/products"

// productFor returns the named product (the default for "") and its name.
func productFor(name string) (products.Product, string, error) {
	p, err := products.Get(name)
	return p, p.Runbook, err
}
