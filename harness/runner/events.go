package runner

import (
	"encoding/json"
	"fmt"
	"path"
	"time"

	"github.com/smokegate/smokegate/harness/report"
	"github.com/smokegate/smokegate/harness/testjson"
)

// onEvent handles one event of a test binary's stream as it arrives: a
// live line when a top-level test ends, and the event, redacted, in the
// run's events.jsonl.
func (r *run) onEvent(ev testjson.Event) {
	if mark, what, ok := liveLine(ev); ok {
		r.live(path.Base(ev.Package)+"/"+ev.Test, mark, what)
	}
	r.keepEvent(ev)
}

// keepEvent appends ev to events.jsonl: Go's test stream of every test
// binary of the run as go test -json prints it, for tools that read it,
// but for the binaries' output lines, which carry no verdict and could
// carry what a test printed outside the harness's redaction (the case's
// steps and messages are in the attributes, redacted by the binary).
func (r *run) keepEvent(ev testjson.Event) {
	if ev.Action == "output" {
		return
	}
	ev.Value = r.redact(ev.Value)
	b, err := json.Marshal(ev)
	if err != nil {
		return
	}
	r.outMu.Lock()
	defer r.outMu.Unlock()
	if r.events == nil {
		return
	}
	if _, err := r.events.Write(append(b, '\n')); err != nil && !r.eventsErr {
		r.eventsErr = true
		fmt.Fprintln(r.opts.Out, "smokegate: write events.jsonl:", err)
	}
}

// liveLine is the mark and the time (or reason) shown when a top-level
// test ends; ok is false for every other event.
func liveLine(ev testjson.Event) (mark, what string, ok bool) {
	if !ev.TopLevel() {
		return "", "", false
	}
	took := report.Round(time.Duration(ev.Elapsed * float64(time.Second))).String()
	if ev.Elapsed == 0 {
		took = "<10ms" // test2json reports elapsed times in hundredths
	}
	switch ev.Action {
	case "pass":
		return "✓", took, true
	case "fail":
		return "✗", took, true
	case "skip":
		return "-", "skipped", true
	}
	return "", "", false
}

func (r *run) live(name, mark, what string) {
	r.outMu.Lock()
	defer r.outMu.Unlock()
	fmt.Fprintf(r.opts.Out, "  %s %-40s %s\n", mark, name, what)
}
