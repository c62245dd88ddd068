package delivery

import (
	"sync"
	"time"
)

// Windows holds the open deploy windows. While one is open, scheduled
// failures are recorded and shown but notify no one.
type Windows struct {
	Max time.Duration // the longest a window stays open; default 30 minutes
	// Closed is called once when a window closes, with how the deploy went
	// ("" when it closed at its maximum time without a verdict).
	Closed func(version string, v *Verdict)
	// Changed is called after a window opens or closes, with whether any
	// is open; nil: nothing.
	Changed func(anyOpen bool)

	mu   sync.Mutex
	open map[string]*time.Timer
}

// Open opens a window for version, for at most max (Max when 0). It
// reports false when one is already open for that version.
func (w *Windows) Open(version string, max time.Duration) bool {
	max = w.limit(max)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.open == nil {
		w.open = map[string]*time.Timer{}
	}
	if _, ok := w.open[version]; ok {
		return false
	}
	w.open[version] = time.AfterFunc(max, func() { w.Close(version, nil) })
	if w.Changed != nil {
		w.Changed(true) // under the lock: opens and closes are reported in order
	}
	return true
}

// Close closes the window of version with the deploy's verdict, or nil
// when it ran out; closing a window that is not open does nothing.
func (w *Windows) Close(version string, v *Verdict) {
	w.mu.Lock()
	t, ok := w.open[version]
	if ok {
		t.Stop()
		delete(w.open, version)
		if w.Changed != nil {
			w.Changed(len(w.open) > 0)
		}
	}
	w.mu.Unlock()
	if ok && w.Closed != nil {
		w.Closed(version, v)
	}
}

// Any tells whether a window is open: notifications of scheduled runs wait.
func (w *Windows) Any() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.open) > 0
}

// limit is how long a window of the asked max stays open.
func (w *Windows) limit(max time.Duration) time.Duration {
	if max <= 0 || (w.Max > 0 && max > w.Max) {
		max = w.Max
	}
	if max <= 0 {
		max = 30 * time.Minute
	}
	return max
}
