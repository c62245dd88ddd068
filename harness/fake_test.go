package harness

import (
	"fmt"
	"strings"
	"sync"
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
	attrs    map[string]string
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
func (f *fakeT) FailNow()                        { f.failed = true; panic(stopTest{}) }
func (f *fakeT) Skip(args ...any)                { f.Log(args...); f.skipped = true; panic(stopTest{}) }
func (f *fakeT) Failed() bool                    { return f.failed }
func (f *fakeT) Skipped() bool                   { return f.skipped }
func (f *fakeT) Cleanup(fn func())               { f.cleanups = append(f.cleanups, fn) }
func (f *fakeT) Attr(k, v string) {
	if f.attrs == nil {
		f.attrs = map[string]string{}
	}
	f.attrs[k] = v
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
