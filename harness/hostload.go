package harness

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// loadTick is how often the load probe asks to be woken; how late it wakes
// is the scheduling delay the machine suffers.
const loadTick = 20 * time.Millisecond

// loadProbe measures how starved the machine is while a test runs: how late
// a timer fires in this process, and, where Linux offers it, the share of
// the time some task waited for a CPU (/proc/pressure/cpu).
type loadProbe struct {
	start    time.Time
	psiStart int64 // microseconds, -1 when PSI is not available
	stop     chan struct{}
	done     chan struct{}

	mu       sync.Mutex
	maxDelay time.Duration
	sumDelay time.Duration
	ticks    int
}

func startLoadProbe() *loadProbe {
	p := &loadProbe{start: time.Now(), psiStart: cpuPressure(), stop: make(chan struct{}), done: make(chan struct{})}
	go p.loop()
	return p
}

func (p *loadProbe) loop() {
	defer close(p.done)
	t := time.NewTimer(loadTick)
	defer t.Stop()
	want := time.Now().Add(loadTick)
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.observe(time.Since(want)) // when this goroutine ran, not when the timer fired
			want = time.Now().Add(loadTick)
			t.Reset(loadTick)
		}
	}
}

func (p *loadProbe) observe(late time.Duration) {
	if late < 0 {
		late = 0
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ticks++
	p.sumDelay += late
	p.maxDelay = max(p.maxDelay, late)
}

// hostLoad is what the probe saw.
type hostLoad struct {
	MeanDelay, MaxDelay time.Duration
	Pressure            float64 // share of wall time some task waited for a CPU; -1 unknown
}

// finish stops the probe and returns its figures.
func (p *loadProbe) finish() hostLoad {
	close(p.stop)
	<-p.done
	return p.figures()
}

// figures returns what the probe has seen so far.
func (p *loadProbe) figures() hostLoad {
	p.mu.Lock()
	defer p.mu.Unlock()
	l := hostLoad{MaxDelay: p.maxDelay, Pressure: -1}
	if p.ticks > 0 {
		l.MeanDelay = p.sumDelay / time.Duration(p.ticks)
	}
	if end := cpuPressure(); p.psiStart >= 0 && end >= p.psiStart {
		if wall := time.Since(p.start); wall > 0 {
			l.Pressure = float64(time.Duration(end-p.psiStart)*time.Microsecond) / float64(wall)
		}
	}
	return l
}

// String reads like "CPU pressure 63%, timer delay mean 12ms, max 240ms".
func (l hostLoad) String() string {
	s := fmt.Sprintf("timer delay mean %s, max %s", l.MeanDelay.Round(100*time.Microsecond), l.MaxDelay.Round(100*time.Microsecond))
	if l.Pressure >= 0 {
		s = fmt.Sprintf("CPU pressure %.0f%%, %s", 100*l.Pressure, s)
	}
	return s
}

// starved tells whether this process was short of CPU enough to slow a
// browser down noticeably. CPU pressure is machine-wide (several browsers
// on two cores read high without anyone starving), so only the timer's
// lateness, which this process feels itself, decides, and its mean: one
// late tick (Chromium starting, say) is not starvation.
func (l hostLoad) starved() bool {
	return l.MeanDelay > 2*time.Millisecond
}

// cpuPressure reads the "some" total of /proc/pressure/cpu in
// microseconds, or -1.
func cpuPressure() int64 {
	b, err := os.ReadFile("/proc/pressure/cpu")
	if err != nil {
		return -1
	}
	line, _, _ := strings.Cut(string(b), "\n")
	for _, f := range strings.Fields(line) {
		if v, ok := strings.CutPrefix(f, "total="); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			if err == nil {
				return n
			}
		}
	}
	return -1
}
