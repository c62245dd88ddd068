package report

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A test binary reports each case on Go's own test stream, as test
// attributes (t.Attr, "attr" events in test2json) whose keys start with
// AttrPrefix; the gate's runner, or any tool that reads go test -json,
// rebuilds the case from them. A value is written as it is when it is
// short printable ASCII, else as a Go-quoted ASCII string; one longer than
// maxAttrChunk is cut into parts key~000, key~001, …, because test2json
// reads the rest of an over-long line (a few KiB) as plain output.
const AttrPrefix = "smokegate."

// maxAttrChunk keeps each "=== ATTR  <test> <key> <value>" line well under
// the length at which test2json cuts a line (and reads its rest as
// plain output), with room to spare.
const maxAttrChunk = 640

// Attr is one test attribute.
type Attr struct{ Key, Value string }

// CaseAttrs encodes a case's verdict, times, steps and evidence.
func CaseAttrs(c Case) []Attr {
	var out []Attr
	add := func(key, value string) { out = append(out, encodeAttr(key, value)...) }
	add("status", string(c.Status))
	for key, v := range map[string]string{"message": c.Message, "detail": c.Detail, "warning": c.Warning, "flaky": c.Flaky} {
		if v != "" {
			add(key, v)
		}
	}
	add("time", c.Time.String())
	if c.Budget > 0 {
		add("budget", c.Budget.String())
	}
	if c.Overhead > 0 {
		add("overhead", c.Overhead.String())
	}
	if c.Blocking {
		add("blocking", "true")
	}
	if c.Retryable {
		add("retryable", "true")
	}
	for i, st := range c.Steps {
		add(fmt.Sprintf("step.%04d", i), st)
	}
	for i, e := range c.Evidence {
		add(fmt.Sprintf("evidence.%04d", i), e)
	}
	slices.SortStableFunc(out, func(a, b Attr) int { return strings.Compare(a.Key, b.Key) }) // one order, whatever the map's
	return out
}

// PropertyAttrs encodes a suite property.
func PropertyAttrs(name, value string) []Attr { return encodeAttr("prop."+name, value) }

// encodeAttr is key (under AttrPrefix) and value as one attribute, or as
// parts when the value is long.
func encodeAttr(key, value string) []Attr {
	v := value
	if !plain(v) {
		v = strconv.QuoteToASCII(v)
	}
	if len(v) <= maxAttrChunk {
		return []Attr{{AttrPrefix + key, v}}
	}
	// test2json trims the spaces around an attribute's value, so a part
	// must not end or start in one: spaces go escaped, which Unquote reads.
	v = strings.ReplaceAll(strconv.QuoteToASCII(value), " ", `\x20`)
	var out []Attr
	for i := 0; len(v) > 0; i++ {
		n := min(maxAttrChunk, len(v))
		out = append(out, Attr{fmt.Sprintf("%s%s~%03d", AttrPrefix, key, i), v[:n]})
		v = v[n:]
	}
	return out
}

// plain reports whether v can be written as it is: printable ASCII with
// no space at either end, not starting with a quote, and short.
func plain(v string) bool {
	if v == "" || len(v) > maxAttrChunk || v[0] == '"' || v[0] == ' ' || v[len(v)-1] == ' ' {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < 0x20 || v[i] > 0x7e {
			return false
		}
	}
	return true
}

// CaseReader rebuilds a case and its properties from the attributes of
// one test, in any order.
type CaseReader struct {
	values map[string]string
	parts  map[string]map[int]string
	props  []string // property names, first seen first
}

// Add takes one attribute; keys without AttrPrefix are not the harness's
// and are ignored.
func (r *CaseReader) Add(key, value string) {
	key, ok := strings.CutPrefix(key, AttrPrefix)
	if !ok {
		return
	}
	if r.values == nil {
		r.values, r.parts = map[string]string{}, map[string]map[int]string{}
	}
	base, idx, cut := strings.Cut(key, "~")
	if n, err := strconv.Atoi(idx); cut && err == nil && n >= 0 {
		if r.parts[base] == nil {
			r.parts[base] = map[int]string{}
		}
		delete(r.values, base)
		r.parts[base][n] = value
		key = base
	} else {
		delete(r.parts, key) // the latest form of a key wins
		r.values[key] = value
	}
	if name, ok := strings.CutPrefix(key, "prop."); ok && !slices.Contains(r.props, name) {
		r.props = append(r.props, name)
	}
}

// value is the decoded value of key, and whether it was reported.
func (r *CaseReader) value(key string) (string, bool) {
	raw, ok := r.values[key]
	if parts, cut := r.parts[key]; cut {
		idx := make([]int, 0, len(parts))
		for i := range parts {
			idx = append(idx, i)
		}
		slices.Sort(idx)
		var b strings.Builder
		for _, i := range idx {
			b.WriteString(parts[i])
		}
		raw, ok = b.String(), true
	}
	if !ok {
		return "", false
	}
	if strings.HasPrefix(raw, `"`) {
		if s, err := strconv.Unquote(raw); err == nil {
			return s, true
		}
	}
	return raw, true
}

// Case is the case named name, and ok when the test reported a status.
func (r *CaseReader) Case(name string) (Case, bool) {
	st, ok := r.value("status")
	if !ok {
		return Case{Name: name}, false
	}
	c := Case{Name: name, Status: Status(st)}
	c.Message, _ = r.value("message")
	c.Detail, _ = r.value("detail")
	c.Warning, _ = r.value("warning")
	c.Flaky, _ = r.value("flaky")
	c.Time = r.duration("time")
	c.Budget = r.duration("budget")
	c.Overhead = r.duration("overhead")
	c.Blocking = r.flag("blocking")
	c.Retryable = r.flag("retryable")
	c.Steps = r.list("step.")
	c.Evidence = r.list("evidence.")
	return c, true
}

// Properties are the properties the test reported, first reported first.
func (r *CaseReader) Properties() []Property {
	out := make([]Property, 0, len(r.props))
	for _, name := range r.props {
		v, _ := r.value("prop." + name)
		out = append(out, Property{Name: name, Value: v})
	}
	return out
}

func (r *CaseReader) duration(key string) time.Duration {
	v, _ := r.value(key)
	d, _ := time.ParseDuration(v)
	return d
}

func (r *CaseReader) flag(key string) bool {
	v, _ := r.value(key)
	return v == "true"
}

// list is the values of key prefix+NNN in index order.
func (r *CaseReader) list(prefix string) []string {
	var keys []string
	for k := range r.values {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	for k := range r.parts {
		if strings.HasPrefix(k, prefix) && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys) // zero-padded indexes sort in order
	var out []string
	for _, k := range keys {
		v, _ := r.value(k)
		out = append(out, v)
	}
	return out
}
