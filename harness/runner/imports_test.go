package runner

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/smokegate/smokegate/"

// listed is a package as go list -test -json describes it, test variants
// included.
type listed struct {
	ImportPath string
	Deps       []string
}

// importRules are the directions imports may take (style.md), for the
// whole module in one go list: the library that tests import knows no test
// and no fixture, only the commands reach the runner, so no test can
// depend on the thing that runs it, and the synthetic runner builds on the
// runner without the tests and is imported by nothing.
var importRules = []struct {
	name      string
	applies   func(pkg string) bool // pkg is relative to the module
	forbidden func(dep string) bool
	codeOnly  bool // the package itself, not its tests (which may start a sandbox)
}{
	{
		"harness (all but its commands) imports no fixtures or smoke package",
		func(pkg string) bool { return under(pkg, "harness") && !under(pkg, "harness/cmd") },
		func(dep string) bool { return under(dep, "fixtures") || under(dep, "smoke") }, false,
	},
	{
		"only the commands under harness/cmd and the synthetic runner import harness/runner",
		func(pkg string) bool {
			return !under(pkg, "harness/cmd") && !under(pkg, "synthetic") && pkg != "harness/runner"
		},
		func(dep string) bool { return dep == "harness/runner" }, false,
	},
	{"synthetic imports no smoke package",
		func(pkg string) bool { return under(pkg, "synthetic") },
		func(dep string) bool { return under(dep, "smoke") }, false},
	{"only synthetic/cmd imports fixtures",
		func(pkg string) bool { return under(pkg, "synthetic") && !under(pkg, "synthetic/cmd") },
		func(dep string) bool { return under(dep, "fixtures") }, false},
	{"a runbook's sweeper links no test harness, browser or fixture: it deletes production data and needs only its model",
		func(pkg string) bool { return strings.HasPrefix(pkg, "smoke/") && strings.HasSuffix(pkg, "/sweep") },
		func(dep string) bool {
			return dep == "harness" || under(dep, "harness/browser") || under(dep, "harness/runner") || under(dep, "fixtures")
		}, true},
	{"nothing outside synthetic imports synthetic",
		func(pkg string) bool { return !under(pkg, "synthetic") },
		func(dep string) bool { return under(dep, "synthetic") }, false},
}

func TestImportRules(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list on the whole module")
	}
	pkgs := goList(t)
	checked := map[int]int{}
	for _, p := range pkgs {
		pkg := basePackage(p.ImportPath)
		for i, rule := range importRules {
			if !rule.applies(pkg) || (rule.codeOnly && p.ImportPath != module+pkg) {
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

func goList(t *testing.T) []listed {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-test", "-json=ImportPath,Deps", "./...")
	cmd.Dir = repoRoot(t)
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

// basePackage names the package a test variant belongs to, relative to the
// module: "harness/runner" for "…/harness/runner_test […/harness/runner.test]".
func basePackage(importPath string) string {
	p, _, _ := strings.Cut(importPath, " ")
	p = strings.TrimPrefix(p, module)
	p = strings.TrimSuffix(p, ".test")
	return strings.TrimSuffix(p, "_test")
}

func under(pkg, dir string) bool { return pkg == dir || strings.HasPrefix(pkg, dir+"/") }
