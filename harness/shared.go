package harness

import (
	"context"
	"fmt"
	"sync"

	"github.com/smokegate/smokegate/harness/browser"
)

// sharedResources are the costly things a test binary starts once and
// closes after its last test: the browser, and what a product opens
// through Shared (its database connection).
type sharedResources struct {
	mu      sync.Mutex
	closers []func()
	values  map[string]*sharedValue // Shared's, by key (under mu)

	browsers [2]onceBrowser // by browser.Kind
	// starts bounds every browser start; closeShared cancels it.
	starts       context.Context
	cancelStarts context.CancelFunc
}

// onceBrowser is a browser started once, by the first test that needs it
// (or warms it).
type onceBrowser struct {
	sync.Once
	b     *browser.Browser
	err   error
	gates bool // the gate's shared browser, connected to (not launched)
}

// dead tells whether the browser started and has stopped answering: twice,
// so a slow machine's late answer does not count.
func (o *onceBrowser) dead() bool { return o.err == nil && !o.b.Alive() && !o.b.Alive() }

// newSharedResources is the binary's resources, none started.
func newSharedResources() *sharedResources {
	r := &sharedResources{values: map[string]*sharedValue{}}
	r.starts, r.cancelStarts = context.WithCancel(context.Background())
	return r
}

// sharedValue is one of Shared's values, opened once.
type sharedValue struct {
	sync.Once
	v   any
	err error
}

// Shared is the test binary's one value of a costly resource (a database
// connection), so that the binary's tests reuse it: the first call with
// key opens it, and every call gets that value or that error. The closer
// open returns runs after the binary's last test.
func Shared[T any](s *S, key string, open func() (T, func(), error)) (T, error) {
	r := s.bin.shared
	r.mu.Lock()
	sv := r.values[key]
	if sv == nil {
		sv = &sharedValue{}
		r.values[key] = sv
	}
	r.mu.Unlock()
	sv.Do(func() {
		v, closer, err := open()
		sv.v, sv.err = v, err
		if err == nil && closer != nil {
			r.add(closer)
		}
	})
	v, ok := sv.v.(T)
	if !ok && sv.err == nil {
		return v, fmt.Errorf("harness.Shared: key %q holds a %T, not the type asked for: use one key per resource", key, sv.v)
	}
	return v, sv.err
}

func (r *sharedResources) add(close func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closers = append(r.closers, close)
}

func (r *sharedResources) close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := len(r.closers) - 1; i >= 0; i-- {
		r.closers[i]()
	}
	r.closers = nil
}
