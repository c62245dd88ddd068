package harness

import "sync"

// sharedResources are the costly things a test binary starts once and
// closes after its last test: the database client and the browser.
type sharedResources struct {
	mu      sync.Mutex
	closers []func()
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
