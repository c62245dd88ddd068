package runner

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/smokegate/smokegate/harness/report"
)

// Each run writes into a folder of its own, <report dir>/<run id>, so two
// runs at once in one checkout never read each other's results. When a run
// has written its reports, <report dir>/latest points at its folder, and
// older run folders beyond KeepRuns are removed.

// Latest is the link, in the report folder, to the last run that finished.
const Latest = "latest"

// KeepRuns is how many run folders the report folder keeps.
const KeepRuns = 20

// prepareReports makes the report folder (kept, not cleared: another run
// may be writing in it) and the run's own folder inside it.
func (r *run) prepareReports() error {
	if r.opts.RunDir == "" { // else the caller's folder: only the run's own is the gate's
		if err := report.PrepareDir(r.baseDir, r.root, false); err != nil {
			return err
		}
	}
	if err := report.PrepareDir(r.reportDir, r.root, true); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(r.reportDir, EventsFile))
	if err != nil {
		return fmt.Errorf("create the run's %s: %w", EventsFile, err)
	}
	r.events = f
	return nil
}

// EventsFile, in a run's folder, holds Go's test stream of every test
// binary of the run (redacted), one event per line as go test -json
// writes them.
const EventsFile = "events.jsonl"

// closeEvents closes events.jsonl once every test has ended.
func (r *run) closeEvents() {
	r.outMu.Lock()
	defer r.outMu.Unlock()
	if r.events != nil {
		if err := r.events.Close(); err != nil {
			fmt.Fprintln(r.opts.Out, "smokegate: close events.jsonl:", err)
		}
		r.events = nil
	}
}

// keepRuns points latest at this run and prunes old runs, unless the
// caller chose the run's folder (Options.RunDir) and keeps its runs itself.
func (r *run) keepRuns() {
	if r.opts.RunDir != "" {
		return
	}
	if err := r.pointLatest(); err != nil {
		fmt.Fprintln(r.opts.Out, "smokegate:", err)
	}
	if err := pruneRuns(r.baseDir, KeepRuns); err != nil {
		fmt.Fprintln(r.opts.Out, "smokegate: remove old run folders:", err)
	}
}

// pointLatest points <report dir>/latest at this run's folder; the link
// is replaced in one rename, so a reader never finds it missing.
func (r *run) pointLatest() error {
	tmp := filepath.Join(r.baseDir, ".latest-"+r.cfg.RunID)
	_ = os.Remove(tmp)
	if err := os.Symlink(filepath.Base(r.reportDir), tmp); err != nil {
		return fmt.Errorf("link %s to the run's reports: %w", filepath.Join(r.baseDir, Latest), err)
	}
	if err := os.Rename(tmp, filepath.Join(r.baseDir, Latest)); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("link %s to the run's reports: %w", filepath.Join(r.baseDir, Latest), err)
	}
	return nil
}

// pruneRuns removes the oldest run folders beyond KeepRuns, oldest by
// modification time (a run id set by hand need not sort by time). Only
// folders the gate marked as its own are counted and removed.
func pruneRuns(base string, keep int) error {
	entries, err := os.ReadDir(base)
	if err != nil {
		return err
	}
	type run struct {
		name string
		mod  time.Time
	}
	var runs []run
	for _, e := range entries {
		if !e.IsDir() || e.Name() == "suites" || e.Name() == "evidence" || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if _, err := os.Lstat(filepath.Join(base, e.Name(), report.Marker)); err != nil {
			continue
		}
		if info, err := e.Info(); err == nil {
			runs = append(runs, run{e.Name(), info.ModTime()})
		}
	}
	slices.SortFunc(runs, func(a, b run) int { return a.mod.Compare(b.mod) })
	var errs []error
	for len(runs) > keep {
		errs = append(errs, os.RemoveAll(filepath.Join(base, runs[0].name)))
		runs = runs[1:]
	}
	return errors.Join(errs...)
}
