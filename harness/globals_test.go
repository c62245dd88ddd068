package harness

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// fixedValues are the calls whose result may be a package-level variable:
// they build a value that is never changed afterwards.
var fixedValues = map[string]bool{"regexp.MustCompile": true, "errors.New": true, "template.Must": true}

// The harness keeps no state in package variables: a test binary's run
// lives in the smoke package's Check, so two runs in one process (the
// harness's own tests) cannot see each other. A package-level variable
// under harness/ may only hold a table literal, a function literal, an
// embedded file or a value built once by one of fixedValues.
func TestNoPackageState(t *testing.T) {
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.VAR {
				checkVars(t, fset, g)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func checkVars(t *testing.T, fset *token.FileSet, g *ast.GenDecl) {
	t.Helper()
	for _, spec := range g.Specs {
		vs := spec.(*ast.ValueSpec)
		embedded := embeds(g.Doc) || embeds(vs.Doc)
		for i, name := range vs.Names {
			if embedded || i < len(vs.Values) && fixed(vs.Values[i]) {
				continue
			}
			t.Errorf("%s: package variable %s holds state; keep it in the run (the smoke package's Check) or make it a table, a function or a fixed value", fset.Position(name.Pos()), name.Name)
		}
	}
}

// embeds reports whether the comments hold a //go:embed directive.
func embeds(doc *ast.CommentGroup) bool {
	if doc == nil {
		return false
	}
	for _, c := range doc.List {
		if strings.HasPrefix(c.Text, "//go:embed ") {
			return true
		}
	}
	return false
}

// fixed reports whether e is a value that nothing changes: a literal of
// a table or a function, or a call of fixedValues.
func fixed(e ast.Expr) bool {
	switch v := e.(type) {
	case *ast.CompositeLit: // a table, unless it is a lock, a Once or the like
		return !syncType(v.Type)
	case *ast.FuncLit, *ast.BasicLit:
		return true
	case *ast.CallExpr:
		if sel, ok := v.Fun.(*ast.SelectorExpr); ok {
			if pkg, ok := sel.X.(*ast.Ident); ok {
				return fixedValues[pkg.Name+"."+sel.Sel.Name]
			}
		}
	}
	return false
}

// syncType reports whether t is a type of package sync or sync/atomic.
func syncType(t ast.Expr) bool {
	sel, ok := t.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && (pkg.Name == "sync" || pkg.Name == "atomic")
}
