// Package retention prunes old run reports: per check, the newest Keep run
// folders stay, none older than MaxAge. It only ever removes folders named
// as the runner names them (<UTC time>-<run id>) inside a check's folder,
// so a mistyped reports setting cannot empty anything else.
package retention

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"time"
)

// runFolder is how probe.Dir names a run's folder.
var runFolder = regexp.MustCompile(`^(\d{8}T\d{6}Z)-[a-z0-9]{4,20}$`)

// Policy is how much to keep.
type Policy struct {
	Keep   int           // newest run folders kept per check; the newest is always kept
	MaxAge time.Duration // run folders older than this go, whatever Keep says
}

// Prune removes the run folders of one check folder (e.g.
// reports/synthetic/health) that the policy does not keep, and says how
// many it removed.
func Prune(checkDir string, p Policy, now time.Time) (removed int, err error) {
	entries, err := os.ReadDir(checkDir)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("prune old reports: %w", err)
	}
	type run struct {
		name string
		at   time.Time
	}
	var runs []run
	for _, e := range entries {
		m := runFolder.FindStringSubmatch(e.Name())
		if !e.IsDir() || m == nil {
			continue
		}
		at, perr := time.Parse("20060102T150405Z", m[1])
		if perr == nil {
			runs = append(runs, run{e.Name(), at})
		}
	}
	slices.SortFunc(runs, func(a, b run) int { return b.at.Compare(a.at) }) // newest first
	var errs []error
	for i, r := range runs {
		// The newest always stays: the status page links to it.
		if i == 0 || i < p.Keep && (p.MaxAge <= 0 || now.Sub(r.at) <= p.MaxAge) {
			continue
		}
		if err := os.RemoveAll(filepath.Join(checkDir, r.name)); err != nil {
			errs = append(errs, err)
			continue
		}
		removed++
	}
	if err := errors.Join(errs...); err != nil {
		return removed, fmt.Errorf("prune old reports in %s: %w", checkDir, err)
	}
	return removed, nil
}
