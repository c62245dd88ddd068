package runner

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/report"
)

// write leaves junit.xml, index.html and summary.md in the report folder, and appends
// the summary to $GITHUB_STEP_SUMMARY when CI provides one.
func (r *run) write(suites []*report.Suite, v report.Verdict) error {
	for _, s := range suites { // the binaries redacted theirs; this is the sink's own pass
		s.Redact(r.redact)
	}
	if err := report.WriteJUnit(filepath.Join(r.reportDir, "junit.xml"), "smokegate", suites); err != nil {
		return err
	}
	if err := report.WriteHTML(report.HTML{Title: r.rb.Title, Verdict: v, Suites: suites, Root: r.root, Dir: r.reportDir,
		Redact: r.redact, TraceLink: r.cfg.TraceLink}); err != nil {
		return err
	}
	summary := r.redact(report.Summary(v, suites) + report.LeftNote(report.LeftBehind(suites), r.rb.Name, r.cfg.RunID, r.cfg.AccountPattern.String()))
	if err := os.WriteFile(filepath.Join(r.reportDir, "summary.md"), []byte(summary), 0o644); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	path, ok := config.LookupIn(r.opts.Env)("GITHUB_STEP_SUMMARY")
	if !ok || path == "" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("append to GITHUB_STEP_SUMMARY (%s): %w", path, err)
	}
	defer f.Close()
	if _, err := io.WriteString(f, summary); err != nil {
		return fmt.Errorf("append to GITHUB_STEP_SUMMARY (%s): %w", path, err)
	}
	return nil
}
