package testjson

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/smokegate/smokegate/harness/report"
)

// stream is a test binary's stream: the case as the harness reports it
// (attributes, a long one in parts), a subtest, a line that is no event.
func stream(t *testing.T) string {
	t.Helper()
	lines := []string{
		`{"Time":"2026-01-02T03:04:05Z","Action":"start","Package":"smoke/quota"}`,
		`{"Time":"2026-01-02T03:04:05.1Z","Action":"run","Package":"smoke/quota","Test":"TestQuotaReset"}`,
		`{"Action":"output","Package":"smoke/quota","Test":"TestQuotaReset","Output":"=== RUN   TestQuotaReset\n"}`,
		`panic: boom`,
		`{"Action":"run","Package":"smoke/quota","Test":"TestQuotaReset/sub"}`,
		`{"Action":"attr","Package":"smoke/quota","Test":"TestQuotaReset/sub","Key":"smokegate.status","Value":"failed"}`,
	}
	c := report.Case{Status: report.Failed, Message: "usageCount is 7, want 0", Detail: strings.Repeat("diff\n", 400), Time: 80 * time.Millisecond}
	attrs := append(report.CaseAttrs(c), report.PropertyAttrs("run.id", "r1")...)
	for _, a := range attrs {
		b, err := json.Marshal(Event{Action: "attr", Package: "smoke/quota", Test: "TestQuotaReset", Key: a.Key, Value: a.Value})
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, string(b))
	}
	lines = append(lines,
		`{"Action":"fail","Package":"smoke/quota","Test":"TestQuotaReset","Elapsed":0.08}`,
		`{"Time":"2026-01-02T03:04:06Z","Action":"fail","Package":"smoke/quota","Elapsed":1}`)
	return strings.Join(lines, "\n")
}

func TestRead(t *testing.T) {
	var seen int
	p, err := Read(strings.NewReader(stream(t)), func(Event) { seen++ })
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Tests) != 1 || p.Action != "fail" || p.NotEvents != 1 || seen == 0 {
		t.Fatalf("read %d tests, package %q, %d non-events, %d events", len(p.Tests), p.Action, p.NotEvents, seen)
	}
	if want := "=== RUN   TestQuotaReset\npanic: boom\n"; p.Output != want {
		t.Errorf("output = %q, want %q", p.Output, want)
	}
	if p.End.Sub(p.Start) != time.Second {
		t.Errorf("package ran %s, want 1s", p.End.Sub(p.Start))
	}
	tt := p.Test("TestQuotaReset")
	c, ok := tt.Case()
	if !ok || c.Status != report.Failed || c.Message != "usageCount is 7, want 0" || len(c.Detail) != 2000 || tt.Action != "fail" {
		t.Errorf("case %+v (reported %v), ended %q", c, ok, tt.Action)
	}
	if props := tt.Properties(); len(props) != 1 || props[0].Value != "r1" {
		t.Errorf("properties %v, want run.id r1", props)
	}
}

// A stream is whatever a test binary printed: no line may panic the
// reader, whatever it holds.
func FuzzRead(f *testing.F) {
	f.Add(`{"Action":"attr","Test":"TestX","Key":"smokegate.status~001","Value":"\"pa"}`)
	f.Add(`{"Action":"pass","Test":"TestX","Elapsed":-1e308}` + "\n" + `{"Action":"output"`)
	f.Fuzz(func(t *testing.T, in string) {
		p, _ := Read(strings.NewReader(in), nil)
		for _, tt := range p.Tests {
			_, _ = tt.Case()
			_ = tt.Properties()
		}
	})
}

// A test run twice in one stream (the gate's retry, as events.jsonl keeps
// it) is what its second run reported.
func TestRetryInOneStream(t *testing.T) {
	var lines []string
	for _, c := range []report.Case{{Status: report.Errored, Message: strings.Repeat("Chromium died ", 200), Retryable: true}, {Status: report.Passed}} {
		lines = append(lines, `{"Action":"run","Package":"smoke/x","Test":"TestX"}`)
		for _, a := range report.CaseAttrs(c) {
			b, _ := json.Marshal(Event{Action: "attr", Package: "smoke/x", Test: "TestX", Key: a.Key, Value: a.Value})
			lines = append(lines, string(b))
		}
	}
	pkgs, err := ReadRun(strings.NewReader(strings.Join(lines, "\n")))
	if err != nil || len(pkgs) != 1 {
		t.Fatalf("ReadRun = %d packages, %v", len(pkgs), err)
	}
	if c, _ := pkgs[0].Tests[0].Case(); c.Status != report.Passed || c.Message != "" || c.Retryable {
		t.Errorf("case %+v, want the second run's pass", c)
	}
}
