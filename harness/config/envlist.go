package config

import (
	"maps"
	"slices"
	"strings"
)

// LookupIn reads an environment list (KEY=value, as os.Environ gives it)
// as os.LookupEnv reads the process's; the last of repeated names wins, as
// with exec.Cmd. It is a Source's Lookup for a child's environment.
func LookupIn(env []string) func(string) (string, bool) {
	m := map[string]string{}
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// SetEnv returns env with the variables in set replacing any of the same
// name, in name order.
func SetEnv(env []string, set map[string]string) []string {
	out := make([]string, 0, len(env)+len(set))
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if _, ok := set[k]; !ok {
			out = append(out, kv)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(set)) {
		out = append(out, k+"="+set[k])
	}
	return out
}

// LookupOnly is a Source's Lookup that holds only env: every other
// smokegate variable (SMOKE_*) reads as set and empty, so the settings of
// the machine running a test cannot change its outcome.
func LookupOnly(env map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := env[k]
		if !ok && strings.HasPrefix(k, "SMOKE_") {
			return "", true
		}
		return v, ok
	}
}
