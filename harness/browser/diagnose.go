package browser

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// diagnoseTimeout bounds the second look at a Chromium that did not start.
const diagnoseTimeout = 10 * time.Second

// diagnose runs the binary that failed to start once more, with --version,
// and says how it ended: an exit status and what it printed point at a
// wrong SMOKE_CHROME_PATH or a broken install, where chromedp says only
// that it failed to start. It returns "" when the binary looks healthy.
func diagnose(ctx context.Context, path string) string {
	ctx, cancel := context.WithTimeout(ctx, diagnoseTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, "--headless", "--no-sandbox", "--version").CombinedOutput()
	printed := strings.TrimSpace(string(out))
	if len(printed) > 200 {
		printed = printed[:200] + "…"
	}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		if printed == "" {
			printed = "nothing"
		}
		return fmt.Sprintf("; %s --version exited with %s and printed %s: is it a working Chromium? (SMOKE_CHROME_PATH; make setup installs Debian's chromium)", path, exit.ProcessState, printed)
	case err != nil:
		return fmt.Sprintf("; %s --version could not run: %v (SMOKE_CHROME_PATH)", path, err)
	case !strings.Contains(strings.ToLower(printed), "chrom"):
		return fmt.Sprintf("; %s --version printed %q, not a Chromium version: check SMOKE_CHROME_PATH", path, printed)
	}
	return ""
}
