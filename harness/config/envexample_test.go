package config

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
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
	want := envExample(rbs)
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
	declared, _, err := runbook.Declared(filepath.Join(root, "smoke"), "")
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
		checkNeeds(t, p, rb)
		checkReads(t, filepath.Dir(p), rb)
	}
}

// ownOrHarness is how the runbook rb or the harness declares name: found,
// and whether it is secret.
func ownOrHarness(rb *runbook.Runbook, name string) (found, secret bool) {
	for _, v := range rb.Variables {
		if v.Name == name {
			return true, v.IsSecret()
		}
	}
	for _, v := range Vars {
		if v.Name == name {
			return true, v.Secret
		}
	}
	return false, false
}

// checkNeeds holds a runbook's needs and conditions to the names it or
// the harness declares.
func checkNeeds(t *testing.T, path string, rb *runbook.Runbook) {
	t.Helper()
	for _, chk := range rb.Checks {
		names := slices.Clone(chk.Needs)
		for _, w := range chk.When {
			k, _, _ := strings.Cut(w.If, "=")
			names = append(append(names, k), w.Needs...)
		}
		for _, name := range names {
			if found, _ := ownOrHarness(rb, name); !found {
				t.Errorf("%s: check %s names %s, which neither the harness nor this runbook declares: add it to the runbook's variables", path, chk.Test, name)
			}
		}
	}
}

// readCall is a read of a declared variable in a product's Go code:
// Get("X"), Secret("X") or a name passed to Require.
var readCall = regexp.MustCompile(`\b(Get|Secret|Require)\(((?:"SMOKE_[A-Z0-9_]+"(?:,\s*)?)+)\)`)

// checkReads holds the variables a product's code reads to its runbook:
// each declared there, a secret read only through Secret, any other only
// through Get (a typo would read "" and fail a healthy deploy).
func checkReads(t *testing.T, dir string, rb *runbook.Runbook) {
	t.Helper()
	reads := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range readCall.FindAllStringSubmatch(string(src), -1) {
			for _, name := range regexp.MustCompile(`SMOKE_[A-Z0-9_]+`).FindAllString(m[2], -1) {
				reads++
				declared := slices.ContainsFunc(rb.Variables, func(v runbook.Variable) bool { return v.Name == name })
				_, secret := ownOrHarness(rb, name)
				switch {
				case !declared:
					t.Errorf("%s reads %s, which %s/runbook.yml does not declare", path, name, rb.Name)
				case m[1] == "Get" && secret:
					t.Errorf("%s reads the secret %s with Get, which gives \"\": use Secret", path, name)
				case m[1] == "Secret" && !secret:
					t.Errorf("%s reads %s with Secret, which gives nothing for a variable that is not secret: use Get", path, name)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rb.Variables) > 0 && reads == 0 {
		t.Errorf("%s declares variables but no read of one was found: the scan missed the code", rb.Name)
	}
}

const exampleHeader = `# smokegate configuration. Copy to .env (or .env.<SMOKE_ENV>) and fill in.
# The real environment wins over these files. With nothing set, the suite
# runs against the embedded sandbox. Never commit a file with real secrets.
#
# Generated from harness/config (the harness's variables) and each
# smoke/<product>/runbook.yml (the product's): edit those, then run
# make env.
`

// envExample is the text of .env.example: the harness's variables, then
// each runbook's that no earlier one declared, each with its purpose and
// default.
func envExample(rbs []*runbook.Runbook) []byte {
	var b bytes.Buffer
	b.WriteString(exampleHeader)
	for _, v := range Vars {
		fmt.Fprintf(&b, "\n# %s\n%s=%s\n", v.Purpose, v.Name, v.Default)
	}
	var seen []string
	for _, rb := range rbs {
		fmt.Fprintf(&b, "\n# ---- %s (smoke/%s/%s) ----\n", rb.Title, rb.Name, runbook.File)
		for _, v := range rb.Variables {
			if slices.Contains(seen, v.Name) {
				fmt.Fprintf(&b, "\n# %s (set above): %s\n", v.Name, v.Purpose)
				continue
			}
			seen = append(seen, v.Name)
			fmt.Fprintf(&b, "\n# %s\n%s=%s\n", v.Purpose, v.Name, v.Default)
		}
	}
	return b.Bytes()
}
