package probe

import "strings"

// setEnv returns env with the given variables set (replacing any earlier
// value).
func setEnv(env []string, set map[string]string) []string {
	out := make([]string, 0, len(env)+len(set))
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if _, ok := set[name]; !ok {
			out = append(out, kv)
		}
	}
	for k, v := range set {
		out = append(out, k+"="+v)
	}
	return out
}

// lookup reads a variable from env, as os.LookupEnv does.
func lookup(env []string) func(string) (string, bool) {
	return func(key string) (string, bool) {
		for i := len(env) - 1; i >= 0; i-- {
			if name, val, ok := strings.Cut(env[i], "="); ok && name == key {
				return val, true
			}
		}
		return "", false
	}
}
