package config

import (
	"cmp"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/joho/godotenv"

	"github.com/smokegate/smokegate/harness/runbook"
)

// Source is where Load reads values: a directory with the .env files and a
// lookup for the real environment.
type Source struct {
	Dir    string                          // directory holding .env and .env.<SMOKE_ENV>
	Lookup func(key string) (string, bool) // the real environment; default os.LookupEnv
	Now    func() time.Time                // for the generated run id; default time.Now
	// Environ lists the real environment, to find mistyped names in it;
	// default os.Environ when Lookup is not set either, none otherwise.
	Environ func() []string
	// Runbooks is the folder of the runbooks (bin/smoke or smoke/): the
	// product variables they declare are read and checked beside the
	// harness's own, those of Runbook (default SMOKE_RUNBOOK) first (see
	// runbook.Declared). Empty: only the harness's and Declared.
	Runbooks string
	Runbook  string
	Declared []runbook.Variable // more product variables, for tests
}

// Load reads .env, then .env.<SMOKE_ENV>, then the real environment (which
// wins), parses every variable and checks its format. All problems come
// back together in one error, each naming its variable. A missing .env file
// is fine; one that cannot be parsed is an error.
func Load(src Source) (*Config, error) {
	if src.Lookup == nil {
		src.Lookup = os.LookupEnv
		if src.Environ == nil {
			src.Environ = os.Environ
		}
	}
	if src.Now == nil {
		src.Now = time.Now
	}
	values, files, err := readFiles(src)
	if err != nil {
		return nil, err
	}
	c := &Config{}
	if c.vars, err = known(src, values); err != nil {
		return nil, err
	}
	errs := typos(src, files, c.vars)
	for _, v := range c.vars {
		if real, ok := src.Lookup(v.Name); ok {
			values[v.Name] = real
		}
	}
	if name := values["SMOKE_ENV"]; name != "" && values["SMOKE_TARGET"] == "" {
		errs = append(errs, fmt.Errorf("SMOKE_ENV is %q, a deployment, but SMOKE_TARGET is not set, so the gate would test the embedded sandbox instead: set SMOKE_TARGET=remote in .env.%s (or SMOKE_TARGET=sandbox if that is what you mean)", name, name))
	}
	errs = append(errs, c.set(values)...)
	if c.RunID == "" {
		c.RunID = newRunID(src.Now())
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("invalid configuration:\n%w", err)
	}
	return c, nil
}

// typos names each SMOKE_ or SANDBOX_ name in the .env files and the
// environment that is no known variable.
func typos(src Source, files []envFile, known []Var) []error {
	var errs []error
	if src.Environ != nil {
		var names []string
		for _, kv := range src.Environ() {
			name, _, _ := strings.Cut(kv, "=")
			names = append(names, name)
		}
		files = append(files, envFile{"the environment", names})
	}
	for _, f := range files {
		for _, line := range unknownNames(f.names, f.path, known) {
			errs = append(errs, errors.New(line))
		}
	}
	return errs
}

// set parses every variable from values (its default when unset or
// empty) into c.
func (c *Config) set(values map[string]string) []error {
	var errs []error
	c.values = map[string]string{}
	for _, v := range c.vars {
		val, ok := values[v.Name]
		if !ok || val == "" {
			val = v.Default
		}
		c.values[v.Name] = val
		if err := v.set(c, val); err != nil {
			errs = append(errs, fmt.Errorf("%s %w (%s)", v.Name, err, v.Purpose))
		}
	}
	return errs
}

// known is the harness's variables and those the runbooks declare; own
// marks those of the running runbook (and Declared's).
func known(src Source, values map[string]string) ([]Var, error) {
	decl, own := src.Declared, map[string]bool{}
	for _, d := range decl {
		own[d.Name] = true
	}
	if src.Runbooks != "" {
		first := src.Runbook
		if first == "" {
			first, _ = src.Lookup("SMOKE_RUNBOOK")
		}
		more, mine, err := runbook.Declared(src.Runbooks, cmp.Or(first, values["SMOKE_RUNBOOK"]))
		if err != nil {
			return nil, err
		}
		decl = append(slices.Clone(decl), more...)
		for _, name := range mine {
			own[name] = true
		}
	}
	vars := slices.Clone(Vars)
	seen := map[string]bool{}
	for _, d := range decl {
		if seen[d.Name] {
			continue // an earlier declaration wins
		}
		seen[d.Name] = true
		v, err := declare(d)
		if err != nil {
			return nil, err
		}
		v.own = own[d.Name]
		vars = append(vars, v)
	}
	return vars, nil
}

// envFile is the names one .env file sets.
type envFile struct {
	path  string
	names []string
}

// readFiles reads .env and .env.<SMOKE_ENV>.
func readFiles(src Source) (values map[string]string, files []envFile, err error) {
	values = map[string]string{}
	names := []string{".env"}
	env, ok := src.Lookup("SMOKE_ENV")
	if !ok {
		base, err := readFile(filepath.Join(src.Dir, ".env"))
		if err != nil {
			return nil, nil, err
		}
		env = base["SMOKE_ENV"]
	}
	if env != "" {
		names = append(names, ".env."+env)
	}
	for i, name := range names {
		path := filepath.Join(src.Dir, name)
		m, err := readFile(path)
		if err != nil {
			return nil, nil, err
		}
		if m == nil && i > 0 {
			return nil, nil, fmt.Errorf("SMOKE_ENV is %q but %s does not exist; create it or unset SMOKE_ENV", env, path)
		}
		if len(m) == 0 && i > 0 {
			return nil, nil, fmt.Errorf("SMOKE_ENV is %q but %s sets no variable; fill it (see .env.example) or unset SMOKE_ENV", env, path)
		}
		set := make([]string, 0, len(m))
		for k, v := range m {
			values[k] = v
			set = append(set, k)
		}
		slices.Sort(set)
		files = append(files, envFile{path, set})
	}
	return values, files, nil
}

// readFile returns nil, nil when the file does not exist.
func readFile(path string) (map[string]string, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	m, err := godotenv.Read(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w (fix the line or remove the file)", path, err)
	}
	return m, nil
}

// newRunID is short, sortable by time and unique enough for two runs at
// once: base-36 seconds plus four random base-36 digits.
func newRunID(now time.Time) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	suffix := ""
	for _, x := range b {
		suffix += strconv.FormatInt(int64(x%36), 36)
	}
	return "r" + strconv.FormatInt(now.Unix(), 36) + suffix
}

// Overlay sets the named variables on c, as the sandbox does with the
// endpoints and secrets of the stack it started. Unknown names are errors.
func (c *Config) Overlay(values map[string]string) error {
	var errs []error
	for _, v := range c.known() {
		val, ok := values[v.Name]
		if !ok {
			continue
		}
		if c.values == nil {
			c.values = map[string]string{}
		}
		c.values[v.Name] = val
		if err := v.set(c, val); err != nil {
			errs = append(errs, fmt.Errorf("%s %w", v.Name, err))
		}
	}
	for name := range values {
		if _, ok := c.lookupVar(name); !ok {
			errs = append(errs, fmt.Errorf("%s is not a smokegate variable", name))
		}
	}
	return errors.Join(errs...)
}

// Given says whether the variable name is set to a non-empty value in the
// real environment or the .env files Load reads, so a command that must not
// fall back on a default (smokegate sweep) can tell.
func Given(src Source, name string) (bool, error) {
	if src.Lookup == nil {
		src.Lookup = os.LookupEnv
	}
	if v, ok := src.Lookup(name); ok {
		return v != "", nil
	}
	values, _, err := readFiles(src)
	if err != nil {
		return false, err
	}
	return values[name] != "", nil
}
