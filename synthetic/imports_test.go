package synthetic

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/smokegate/smokegate/"

// The import rules of issue 12: synthetic never imports smoke; only its
// command imports fixtures (to start the embedded sandbox); nothing
// outside synthetic imports it.
var importRules = []struct {
	name      string
	applies   func(pkg string) bool
	forbidden func(dep string) bool
}{
	{"synthetic imports no smoke package",
		func(pkg string) bool { return under(pkg, "synthetic") },
		func(dep string) bool { return under(dep, "smoke") }},
	{"only synthetic/cmd imports fixtures",
		func(pkg string) bool { return under(pkg, "synthetic") && !under(pkg, "synthetic/cmd") },
		func(dep string) bool { return under(dep, "fixtures") }},
	{"nothing outside synthetic imports synthetic",
		func(pkg string) bool { return !under(pkg, "synthetic") },
		func(dep string) bool { return under(dep, "synthetic") }},
}

func TestImportRules(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list on the whole module")
	}
	checked := map[int]int{}
	for _, p := range goList(t) {
		pkg := basePackage(p.ImportPath)
		for i, rule := range importRules {
			if !rule.applies(pkg) {
				continue
			}
			checked[i]++
			for _, dep := range p.Deps {
				if d, ok := strings.CutPrefix(dep, module); ok && rule.forbidden(d) {
					t.Errorf("%s imports %s (directly or not); rule: %s", p.ImportPath, dep, rule.name)
				}
			}
		}
	}
	for i, rule := range importRules {
		if checked[i] == 0 {
			t.Errorf("rule %q applied to no package: the check proves nothing", rule.name)
		}
	}
}

type listed struct {
	ImportPath string
	Deps       []string
}

func goList(t *testing.T) []listed {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-test", "-json=ImportPath,Deps", "./...")
	cmd.Dir = ".."
	out, err := cmd.Output()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		t.Fatalf("go list: %v\n%s", err, exitErr.Stderr)
	}
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []listed
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p listed
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decode go list output: %v", err)
		}
		if strings.HasPrefix(p.ImportPath, module) {
			pkgs = append(pkgs, p)
		}
	}
	return pkgs
}

func basePackage(importPath string) string {
	p, _, _ := strings.Cut(importPath, " ")
	p = strings.TrimPrefix(p, module)
	p = strings.TrimSuffix(p, ".test")
	return strings.TrimSuffix(p, "_test")
}

func under(pkg, dir string) bool { return pkg == dir || strings.HasPrefix(pkg, dir+"/") }
