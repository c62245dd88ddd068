package report

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// readBack rebuilds a case from attrs fed in reverse, as a reader that
// must not rely on their order would get them.
func readBack(attrs []Attr) (Case, []Property, bool) {
	var r CaseReader
	for i := len(attrs) - 1; i >= 0; i-- {
		r.Add(attrs[i].Key, attrs[i].Value)
	}
	c, ok := r.Case("TestX")
	return c, r.Properties(), ok
}

func TestCaseAttrsRoundTrip(t *testing.T) {
	long := strings.Repeat("diff: -want +got\n\t«é»", 300)
	cases := []Case{
		{Name: "TestX", Status: Passed, Time: 1500 * time.Millisecond, Budget: 5 * time.Second},
		{Name: "TestX", Status: Failed, Time: 3 * time.Second, Message: `GET /x answered 500 "oops"`, Detail: long,
			Steps: []string{"  12ms  first", "  1.2s  second, with a tab\t"}, Evidence: []string{"reports/r/evidence/x/TestX/page.html"}},
		{Name: "TestX", Status: Errored, Message: " leading space", Retryable: true, Overhead: time.Second},
		{Name: "TestX", Status: Skipped, Message: "not configured: set SMOKE_API_URL", Blocking: true, Warning: "w", Flaky: "f"},
	}
	for _, want := range cases {
		attrs := CaseAttrs(want)
		for _, a := range attrs {
			if len(a.Key)+len(a.Value) > 900 || strings.ContainsAny(a.Value, "\r\n") {
				t.Fatalf("attribute %s is %d bytes or holds a line break: test2json would not read it", a.Key, len(a.Value))
			}
		}
		got, _, ok := readBack(attrs)
		if !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
		}
	}
}

func TestPropertyAttrs(t *testing.T) {
	var attrs []Attr
	attrs = append(attrs, CaseAttrs(Case{Status: Passed})...)
	attrs = append(attrs, PropertyAttrs("limit.health.response", "12ms (limit 5s)")...)
	attrs = append(attrs, PropertyAttrs("note", strings.Repeat("ü", 1000))...)
	attrs = append(attrs, Attr{"budget", "5s"}) // not the harness's: ignored
	var r CaseReader
	for _, a := range attrs {
		r.Add(a.Key, a.Value)
	}
	want := []Property{{"limit.health.response", "12ms (limit 5s)"}, {"note", strings.Repeat("ü", 1000)}}
	if got := r.Properties(); !reflect.DeepEqual(got, want) {
		t.Errorf("Properties = %v, want %v", got, want)
	}
}

func TestCaseWithoutStatus(t *testing.T) {
	var r CaseReader
	r.Add(AttrPrefix+"message", "x")
	if _, ok := r.Case("TestX"); ok {
		t.Error("a case with no status was read as reported")
	}
}

// The reader takes any attributes (a test binary is user code) without
// panicking, and what the writer encodes comes back unchanged.
func FuzzCaseAttrs(f *testing.F) {
	f.Add("GET / answered 500", "line1\nline2", "step", "smokegate.message~001", "x")
	f.Add(strings.Repeat("é", 700), "", "", "smokegate.step.0001", `"\x`)
	f.Fuzz(func(t *testing.T, msg, detail, step, key, value string) {
		var r CaseReader
		r.Add(key, value)
		_, _ = r.Case("TestF")
		_ = r.Properties()
		want := Case{Name: "TestF", Status: Failed, Message: msg, Detail: detail, Steps: []string{step}}
		got, _, ok := readBack(CaseAttrs(want))
		if !ok || got.Message != msg || got.Detail != detail || len(got.Steps) != 1 || got.Steps[0] != step {
			t.Errorf("round trip changed the case: %+v", got)
		}
	})
}

// test2json trims the spaces around a value: a long value's parts carry
// none at their ends, so it comes back whole.
func TestLongValueSurvivesTrimming(t *testing.T) {
	want := strings.Repeat("a b ", 400)
	var r CaseReader
	for _, a := range CaseAttrs(Case{Status: Failed, Detail: want}) {
		r.Add(a.Key, strings.TrimSpace(a.Value))
	}
	if c, _ := r.Case("TestX"); c.Detail != want {
		t.Errorf("detail came back %d bytes, want %d unchanged", len(c.Detail), len(want))
	}
}

// A retried test reports its case again: the second report replaces the
// first, even where the first was longer and cut into more parts.
func TestSecondReportReplacesTheFirst(t *testing.T) {
	var r CaseReader
	for _, c := range []Case{{Status: Errored, Message: strings.Repeat("long ", 500)}, {Status: Passed, Message: "short"}} {
		for _, a := range CaseAttrs(c) {
			r.Add(a.Key, a.Value)
		}
	}
	if c, _ := r.Case("TestX"); c.Status != Passed || c.Message != "short" {
		t.Errorf("case %s %q, want the second report: passed \"short\"", c.Status, c.Message)
	}
}
