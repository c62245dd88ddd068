package runner

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"strings"
	"time"

	"github.com/smokegate/smokegate/harness/report"
)

// event is one line of test2json output; its fields are those `go doc
// cmd/test2json` documents.
type event struct {
	Time    time.Time
	Action  string
	Package string
	Test    string
	Elapsed float64 // seconds
	Output  string
}

// stream prints one live line per top-level test as it ends. It returns
// the binary's output, for the report when it left no result, and how
// each top-level test ended ("pass", "fail", "skip"), to hold the suite
// to the runbook.
func (r *run) stream(rd io.Reader) (string, map[string]string) {
	var out strings.Builder
	ended := map[string]string{}
	sc := bufio.NewScanner(rd)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var ev event
		if json.Unmarshal(sc.Bytes(), &ev) != nil {
			out.WriteString(sc.Text() + "\n") // not an event: keep it as output
			continue
		}
		if ev.Action == "output" {
			out.WriteString(ev.Output)
			continue
		}
		if mark, what, ok := liveLine(ev); ok {
			ended[ev.Test] = ev.Action
			r.live(path.Base(ev.Package)+"/"+ev.Test, mark, what)
		}
	}
	return out.String(), ended
}

// liveLine is the mark and the time (or reason) shown when a top-level
// test ends; ok is false for every other event.
func liveLine(ev event) (mark, what string, ok bool) {
	if ev.Test == "" || strings.Contains(ev.Test, "/") {
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
