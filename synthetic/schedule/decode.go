package schedule

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/smokegate/smokegate/harness/config"
)

// decoder walks a synthetic.yml node tree, collecting every problem with
// its file, line and key.
type decoder struct {
	file string
	errs []string
}

// field decodes the value of one known key.
type field func(key string, n *yaml.Node)

func (d *decoder) errf(n *yaml.Node, format string, args ...any) {
	d.errs = append(d.errs, fmt.Sprintf("%s:%d: %s", d.file, n.Line, fmt.Sprintf(format, args...)))
}

// mapping decodes a mapping whose keys must all be in fields.
func (d *decoder) mapping(n *yaml.Node, where string, fields map[string]field) {
	if n.Kind != yaml.MappingNode {
		d.errf(n, "%s must be a mapping of keys to values", where)
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		set, ok := fields[k.Value]
		switch {
		case !ok:
			d.errf(k, "unknown key %q in %s%s (known: %s; see synthetic/synthetic.example.yml)",
				k.Value, where, suggest(k.Value, fields), strings.Join(slices.Sorted(maps.Keys(fields)), ", "))
		case seen[k.Value]:
			d.errf(k, "key %q appears twice in %s", k.Value, where)
		default:
			seen[k.Value] = true
			set(childKey(where, k.Value), v)
		}
	}
}

func (d *decoder) scalar(key string, n *yaml.Node) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		d.errf(n, "%s must be a single value", key)
		return "", false
	}
	return n.Value, true
}

func (d *decoder) str(p *string) field {
	return func(key string, n *yaml.Node) {
		if v, ok := d.scalar(key, n); ok {
			*p = v
		}
	}
}

// duration accepts Go durations (90s, 5m, 1h30m) greater than zero.
func (d *decoder) duration(p *time.Duration) field {
	return func(key string, n *yaml.Node) {
		v, ok := d.scalar(key, n)
		if !ok {
			return
		}
		dur, err := time.ParseDuration(v)
		if err != nil || dur <= 0 {
			d.errf(n, "%s is %q, not a duration above zero: write it like 30s, 5m or 1h30m", key, v)
			return
		}
		*p = dur
	}
}

// timeOfDay reads "HH:MM" (UTC) as a time since midnight.
func (d *decoder) timeOfDay(p *time.Duration, set *bool) field {
	return func(key string, n *yaml.Node) {
		v, ok := d.scalar(key, n)
		if !ok {
			return
		}
		t, err := time.Parse("15:04", v)
		if err != nil {
			d.errf(n, "%s is %q, not a time of day: write it like \"03:30\" (UTC)", key, v)
			return
		}
		*p, *set = time.Duration(t.Hour())*time.Hour+time.Duration(t.Minute())*time.Minute, true
	}
}

func (d *decoder) integer(p *int, min int) field {
	return func(key string, n *yaml.Node) {
		v, ok := d.scalar(key, n)
		if !ok {
			return
		}
		i, err := strconv.Atoi(v)
		if err != nil || i < min {
			d.errf(n, "%s is %q, want a whole number of at least %d", key, v, min)
			return
		}
		*p = i
	}
}

func (d *decoder) boolean(p **bool) field {
	return func(key string, n *yaml.Node) {
		v, ok := d.scalar(key, n)
		if !ok {
			return
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			d.errf(n, "%s is %q, want true or false", key, v)
			return
		}
		*p = &b
	}
}

func (d *decoder) list(p *[]string) field {
	return func(key string, n *yaml.Node) {
		if n.Kind != yaml.SequenceNode {
			d.errf(n, "%s must be a list, like [health, quota]", key)
			return
		}
		for _, item := range n.Content {
			if v, ok := d.scalar(key, item); ok {
				*p = append(*p, v)
			}
		}
	}
}

func (d *decoder) labels(p *map[string]string) field {
	return func(key string, n *yaml.Node) {
		if n.Kind != yaml.MappingNode {
			d.errf(n, "%s must be a mapping of label names to values, like {region: eu-west}", key)
			return
		}
		*p = map[string]string{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			switch {
			case !labelName.MatchString(k.Value) || strings.HasPrefix(k.Value, "__"):
				d.errf(k, "%s.%s: not a label name: use letters, digits and _, starting with a letter", key, k.Value)
				continue
			case slices.Contains(ReservedLabels, k.Value):
				d.errf(k, "%s.%s: the runner's own series already use the label %q; pick another name (reserved: %s)",
					key, k.Value, k.Value, strings.Join(ReservedLabels, ", "))
				continue
			}
			if val, ok := d.scalar(key+"."+k.Value, v); ok {
				(*p)[k.Value] = val
			}
		}
	}
}

// suggest names the closest known key, for a typo.
func suggest(key string, fields map[string]field) string {
	best := config.Closest(key, slices.Sorted(maps.Keys(fields)), 3)
	if best == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

// childKey names a key below where ("notify.timeout"); top-level keys are
// named alone.
func childKey(where, key string) string {
	if where == topLevel {
		return key
	}
	return where + "." + key
}
