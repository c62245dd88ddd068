package harness

import (
	"context"
	"sync"

	"github.com/smokegate/smokegate/harness/browser"
	"github.com/smokegate/smokegate/harness/mongo"
)

// sharedResources are the costly things a test binary starts once and
// closes after its last test: the database client and the browser.
type sharedResources struct {
	mu      sync.Mutex
	closers []func()

	browsers [2]onceBrowser // by browser.Kind
	db       struct {       // connected once, by the first test that reads or writes it
		sync.Once
		conn *mongo.Conn
		err  error
	}
	// starts bounds every browser start; closeShared cancels it.
	starts       context.Context
	cancelStarts context.CancelFunc
}

// onceBrowser is a browser started once, by the first test that needs it
// (or warms it).
type onceBrowser struct {
	sync.Once
	b   *browser.Browser
	err error
}

// dead tells whether the browser started and has stopped answering: twice,
// so a slow machine's late answer does not count.
func (o *onceBrowser) dead() bool { return o.err == nil && !o.b.Alive() && !o.b.Alive() }

// newSharedResources is the binary's resources, none started.
func newSharedResources() *sharedResources {
	r := &sharedResources{}
	r.starts, r.cancelStarts = context.WithCancel(context.Background())
	return r
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
