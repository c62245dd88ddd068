package runbook

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
)

// Variable is one of the product's settings, declared in its runbook: the
// configuration reads, checks and (for a secret) redacts it by what the
// declaration says, so no product variable is named in the harness.
type Variable struct {
	Name    string   `yaml:"name"`    // e.g. SMOKE_SHOP_URL
	Purpose string   `yaml:"purpose"` // what it is for: error messages and .env.example
	Default string   `yaml:"default"` // the value when unset
	Kind    Kind     `yaml:"kind"`    // how its value is checked; text when empty
	Values  []string `yaml:"values"`  // enum: the values allowed
}

// Kind says how a variable's value is checked.
type Kind string

// The kinds of a variable. Secret kinds are masked wherever their value
// turns up.
const (
	Text       Kind = "text"
	URL        Kind = "url"         // an http(s) URL, kept without a trailing /
	URLPath    Kind = "path"        // a URL path starting with /
	Enum       Kind = "enum"        // one of Values
	Secret     Kind = "secret"      // any value, masked
	MongoURI   Kind = "mongodb-uri" // mongodb:// or mongodb+srv://, masked (it may hold a password)
	StripeTest Kind = "stripe-key"  // a Stripe test-mode key, masked; a live key is refused
)

var kinds = []Kind{Text, URL, URLPath, Enum, Secret, MongoURI, StripeTest}

// IsSecret tells whether the variable's value must be masked.
func (v Variable) IsSecret() bool {
	return v.Kind == Secret || v.Kind == MongoURI || v.Kind == StripeTest
}

var varName = regexp.MustCompile(`^SMOKE_[A-Z][A-Z0-9_]*$`)

func (rb *Runbook) validateVariables() []error {
	var errs []error
	seen := map[string]bool{}
	for i := range rb.Variables {
		v := &rb.Variables[i]
		if v.Kind == "" {
			v.Kind = Text
		}
		where := fmt.Sprintf("variable %d (%s)", i+1, v.Name)
		switch {
		case !varName.MatchString(v.Name):
			errs = append(errs, fmt.Errorf("%s: name: want SMOKE_ and upper-case words, e.g. SMOKE_SHOP_URL", where))
		case seen[v.Name]:
			errs = append(errs, fmt.Errorf("%s is declared twice", where))
		case v.Purpose == "":
			errs = append(errs, fmt.Errorf("%s: no purpose: say what it is for (error messages and .env.example show it)", where))
		case !slices.Contains(kinds, v.Kind):
			errs = append(errs, fmt.Errorf("%s: kind %q: use one of %v", where, v.Kind, kinds))
		case v.Kind == Enum && !slices.Contains(v.Values, v.Default):
			errs = append(errs, fmt.Errorf("%s: an enum needs values and a default among them", where))
		case v.Kind != Enum && len(v.Values) > 0:
			errs = append(errs, fmt.Errorf("%s: values are for kind enum only", where))
		case v.IsSecret() && v.Default != "":
			errs = append(errs, fmt.Errorf("%s: a secret has no default", where))
		}
		seen[v.Name] = true
	}
	return errs
}

// Declared lists the variables of the runbooks in the folders under dir
// (bin/smoke or smoke/), those of the runbook named first first, and own,
// the names first declares: a name two runbooks declare takes first's
// declaration (its default), and the others are known names, so a .env for
// one product does not trip the check for mistyped names with another's.
// Two runbooks that give one name different kinds are an error: whether
// its value is masked must not depend on the runbook that runs.
func Declared(dir, first string) (vars []Variable, own []string, err error) {
	paths, _ := filepath.Glob(filepath.Join(dir, "*", File))
	if i := slices.Index(paths, filepath.Join(dir, first, File)); i > 0 { // first's declarations win
		own := paths[i]
		paths = slices.Insert(slices.Delete(paths, i, i+1), 0, own)
	}
	where := map[string]string{} // name → the runbook file of its first declaration
	for _, p := range paths {
		rb, err := Load(p)
		if err != nil {
			return nil, nil, err
		}
		for _, v := range rb.Variables {
			if rb.Name == first {
				own = append(own, v.Name)
			}
			i := slices.IndexFunc(vars, func(w Variable) bool { return w.Name == v.Name })
			switch {
			case i < 0:
				vars, where[v.Name] = append(vars, v), p
			case vars[i].Kind != v.Kind:
				return nil, nil, fmt.Errorf("%s is kind %s in %s but %s in %s: give it one kind in both", v.Name, vars[i].Kind, where[v.Name], v.Kind, p)
			}
		}
	}
	return vars, own, nil
}

// Folder is the folder of the runbooks for a program that lies beside its
// runbook (a sweeper, bin/smoke/<name>/): the one above its own folder,
// else the nearest smoke/ holding runbooks from the working directory up
// (go run or go test in the source tree), else "smoke".
func Folder() string {
	if exe, err := os.Executable(); err == nil {
		if _, err := os.Stat(filepath.Join(filepath.Dir(exe), File)); err == nil {
			return filepath.Dir(filepath.Dir(exe))
		}
	}
	wd, err := os.Getwd()
	for dir := wd; err == nil; dir = filepath.Dir(dir) {
		if found, _ := filepath.Glob(filepath.Join(dir, "smoke", "*", File)); len(found) > 0 {
			return filepath.Join(dir, "smoke")
		}
		if filepath.Dir(dir) == dir {
			break
		}
	}
	return "smoke"
}
