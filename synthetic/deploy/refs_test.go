package deploy

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// object is a manifest's kind, namespace and name.
type object struct{ kind, namespace, name string }

func (o object) String() string { return fmt.Sprintf("%s %s/%s", o.kind, o.namespace, o.name) }

// manifests decodes every document under deploy/ (rollouts/ included) as
// a generic tree, with the file it came from.
func manifests(t *testing.T) map[string][]map[string]any {
	t.Helper()
	files, _ := filepath.Glob("*.yaml")
	more, _ := filepath.Glob("rollouts/*.yaml")
	out := map[string][]map[string]any{}
	for _, f := range append(files, more...) {
		for _, d := range documents(t, f) {
			var m map[string]any
			if err := yaml.Unmarshal([]byte(d), &m); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			out[f] = append(out[f], m)
		}
	}
	return out
}

func str(m map[string]any, path ...string) string {
	var cur any = m
	for _, p := range path {
		mm, ok := cur.(map[string]any)
		if !ok {
			return ""
		}
		cur = mm[p]
	}
	s, _ := cur.(string)
	return s
}

// userSecrets are the Secrets the README tells users to create
// ("kubectl -n <ns> create secret generic <name>").
func userSecrets(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range regexp.MustCompile(`create secret generic ([a-z0-9-]+)`).FindAllStringSubmatch(string(b), -1) {
		out = append(out, m[1])
	}
	return out
}

// Every ConfigMap, PersistentVolumeClaim and Service a manifest refers to
// (volumes, claims, URLs) is defined in synthetic/deploy, in the namespace
// it is looked up in; every Secret is one the README shows how to create.
func TestReferences(t *testing.T) {
	all := manifests(t)
	defined := map[object]map[string]any{}
	for _, docs := range all {
		for _, d := range docs {
			o := object{str(d, "kind"), str(d, "metadata", "namespace"), str(d, "metadata", "name")}
			defined[o] = d
		}
	}
	secrets := userSecrets(t)
	if len(secrets) == 0 {
		t.Fatal("the README shows no kubectl create secret generic: users cannot make the Secrets")
	}
	files := make([]string, 0, len(all))
	for f := range all {
		files = append(files, f)
	}
	slices.Sort(files)
	for _, f := range files {
		for _, d := range all[f] {
			ns := str(d, "metadata", "namespace")
			walk(d, func(key string, v map[string]any) {
				var ref object
				switch key {
				case "configMap":
					ref = object{"ConfigMap", ns, str(v, "name")}
				case "persistentVolumeClaim":
					ref = object{"PersistentVolumeClaim", ns, str(v, "claimName")}
				case "secretRef", "secretKeyRef":
					if name := str(v, "name"); !slices.Contains(secrets, name) {
						t.Errorf("%s: Secret %s is not one the README shows how to create (it shows: %v)", f, name, secrets)
					}
					return
				default:
					return
				}
				if _, ok := defined[ref]; !ok {
					t.Errorf("%s refers to %s, which no manifest in synthetic/deploy defines", f, ref)
				}
			}, func(s string) {
				checkURL(t, f, s, defined)
			})
		}
	}
}

// checkURL: a cluster URL (host <svc>.<ns>.svc) names a Service defined
// here, with that port.
func checkURL(t *testing.T, file, s string, defined map[object]map[string]any) {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil || !strings.Contains(u.Hostname(), ".svc") {
		return
	}
	parts := strings.Split(u.Hostname(), ".")
	svc, ok := defined[object{"Service", parts[1], parts[0]}]
	if !ok {
		t.Errorf("%s calls %s: no Service %s in namespace %s is defined in synthetic/deploy", file, s, parts[0], parts[1])
		return
	}
	if !strings.Contains(fmt.Sprint(svc["spec"]), "port:"+u.Port()) {
		t.Errorf("%s calls %s: the Service %s has no port %s", file, s, parts[0], u.Port())
	}
}

// walk calls onMap for each mapping below its key, and onString for each
// string value.
func walk(v any, onMap func(key string, v map[string]any), onString func(string)) {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			if m, ok := c.(map[string]any); ok {
				onMap(k, m)
			}
			walk(c, onMap, onString)
		}
	case []any:
		for _, c := range x {
			walk(c, onMap, onString)
		}
	case string:
		onString(x)
	}
}
