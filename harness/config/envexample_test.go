package config

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/smokegate/smokegate/harness/runbook"
)

var update = flag.Bool("update", false, "rewrite .env.example (make env)")

// .env.example is what Example makes of the harness's variables and the
// runbooks' (make env rewrites it), and it parses.
func TestEnvExample(t *testing.T) {
	root := filepath.Join("..", "..")
	paths, _ := filepath.Glob(filepath.Join(root, "smoke", "*", runbook.File))
	if len(paths) == 0 {
		t.Fatal("no smoke/*/runbook.yml found")
	}
	var rbs []*runbook.Runbook
	for _, p := range paths {
		rb, err := runbook.Load(p)
		if err != nil {
			t.Fatal(err)
		}
		rbs = append(rbs, rb)
	}
	want := Example(rbs)
	file := filepath.Join(root, ".env.example")
	if *update {
		if err := os.WriteFile(file, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf(".env.example is not what the variables declare: run make env (go test ./harness/config -run TestEnvExample -update) and commit it")
	}
	if _, err := readFile(file); err != nil {
		t.Errorf(".env.example does not parse: %v", err)
	}
}

// Every variable the README or a runbook's needs names is one the
// configuration knows: the harness's own or one a runbook declares.
func TestNamesKnown(t *testing.T) {
	root := filepath.Join("..", "..")
	declared, err := runbook.Declared(filepath.Join(root, "smoke"), "")
	if err != nil {
		t.Fatal(err)
	}
	c := &Config{vars: slices.Clone(Vars)}
	for _, d := range declared {
		v, err := declare(d)
		if err != nil {
			t.Fatal(err)
		}
		c.vars = append(c.vars, v)
	}
	known := func(name string) bool { _, ok := c.lookupVar(name); return ok }
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range regexp.MustCompile(`\bSMOKE_[A-Z0-9_]*[A-Z0-9]\b`).FindAllString(string(readme), -1) {
		if !known(name) && !strings.HasPrefix(name, "SMOKE_SHOP") {
			t.Errorf("README.md names %s, which neither the harness nor a runbook declares", name)
		}
	}
	paths, _ := filepath.Glob(filepath.Join(root, "smoke", "*", runbook.File))
	for _, p := range paths {
		rb, err := runbook.Load(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, chk := range rb.Checks {
			names := slices.Clone(chk.Needs)
			for _, w := range chk.When {
				k, _, _ := strings.Cut(w.If, "=")
				names = append(append(names, k), w.Needs...)
			}
			for _, name := range names {
				if !known(name) {
					t.Errorf("%s: check %s names %s, which neither the harness nor a runbook declares: add it to the runbook's variables", p, chk.Test, name)
				}
			}
		}
	}
}
