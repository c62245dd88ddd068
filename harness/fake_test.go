package harness

import (
	"fmt"
	"github.com/smokegate/smokegate/harness/report"
	"os"
	"strings"
	"sync"
	"time"
)

// fakeT stands in for *testing.T so the harness's own tests can watch a
// smoke test fail without failing themselves.
type fakeT struct {
	mu       sync.Mutex
	name     string
	logs     []string
	failed   bool
	skipped  bool
	cleanups []func()
	attrs    []report.Attr     // as the test reported them, in order
	reader   report.CaseReader // what a reader of the test stream rebuilds
}

type stopTest struct{}

func (f *fakeT) Helper()      {}
func (f *fakeT) Name() string { return f.name }
func (f *fakeT) Log(args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.logs = append(f.logs, fmt.Sprint(args...))
}
func (f *fakeT) Logf(format string, args ...any) { f.Log(fmt.Sprintf(format, args...)) }
func (f *fakeT) Error(args ...any)               { f.Log(args...); f.failed = true }
func (f *fakeT) Fatal(args ...any)               { f.Error(args...); panic(stopTest{}) }
func (f *fakeT) Skip(args ...any)                { f.Log(args...); f.skipped = true; panic(stopTest{}) }
func (f *fakeT) Failed() bool                    { return f.failed }
func (f *fakeT) Skipped() bool                   { return f.skipped }
func (f *fakeT) ArtifactDir() string {
	dir, _ := os.MkdirTemp("", "smokegate-fake-artifacts")
	return dir
}
func (f *fakeT) Cleanup(fn func()) { f.cleanups = append(f.cleanups, fn) }
func (f *fakeT) Attr(k, v string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.attrs = append(f.attrs, report.Attr{Key: k, Value: v})
	f.reader.Add(k, v)
}

// reported is the case the test reported on its stream; a test that
// reported none gets a case with no status.
func (f *fakeT) reported() report.Case {
	c, _ := f.reader.Case(f.name)
	return c
}

// property is the value of a suite property the test reported, or "".
func (f *fakeT) property(name string) string {
	for _, p := range f.reader.Properties() {
		if p.Name == name {
			return p.Value
		}
	}
	return ""
}

// suite is the test's report as the runner would build it.
func (f *fakeT) suite() *report.Suite {
	return &report.Suite{Name: "health", Properties: f.reader.Properties(), Cases: []report.Case{f.reported()}}
}

// runFake runs body as a test named name and then its cleanups, last
// registered first, as the testing package does.
func runFake(name string, body func(t *fakeT)) *fakeT {
	f := &fakeT{name: name}
	func() {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(stopTest); !ok {
					panic(r)
				}
			}
		}()
		body(f)
	}()
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		f.cleanups[i]()
	}
	return f
}

func (f *fakeT) output() string { return strings.Join(f.logs, "\n") }

// budgetOf sets the test's budget, which a smoke test takes from its
// runbook.
func budgetOf(d time.Duration) Option { return func(s *S) { s.budget = d } }
