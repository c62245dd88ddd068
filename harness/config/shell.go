package config

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// shellNames are the headless shell's names: Debian's real binary first
// (its /usr/bin/chromium-headless-shell is a script that does not exec
// it, so killing the script would leave the browser running), then the
// names on PATH of Debian's package and Chrome for Testing's download.
var shellNames = []string{"/usr/lib/chromium/chromium-headless-shell", "chromium-headless-shell", "chrome-headless-shell", "headless_shell"}

// setHeadlessShell resolves SMOKE_HEADLESS_SHELL: "" finds the shell
// (none found: full Chromium serves every tab), "off" wants none, anything
// else is a path or a name on PATH that must exist.
func setHeadlessShell(c *Config, v string) error {
	switch v {
	case "off":
		c.HeadlessShell = ""
		return nil
	case "":
		for _, name := range shellNames {
			if p, err := exec.LookPath(name); err == nil {
				c.HeadlessShell = realBinary(p)
				return nil
			}
		}
		c.HeadlessShell = ""
		return nil
	}
	p, err := exec.LookPath(v)
	if err != nil {
		return fmt.Errorf("is %q, which is not a program here: install chromium-headless-shell (make setup), fix the path, or set it to off", v)
	}
	c.HeadlessShell = realBinary(p)
	return nil
}

// realBinary is the program a launcher script at p runs, when p is a
// short script naming one absolute path with the same base name (Debian's
// wrapper); else p.
func realBinary(p string) string {
	f, err := os.Open(p)
	if err != nil {
		return p
	}
	defer f.Close()
	b := make([]byte, 4097) // a launcher is short; never read a browser binary whole
	n, _ := io.ReadFull(f, b)
	if b = b[:n]; !bytes.HasPrefix(b, []byte("#!")) || n > 4096 {
		return p
	}
	for _, f := range strings.Fields(string(b)) {
		if filepath.IsAbs(f) && filepath.Base(f) == filepath.Base(p) && f != p {
			if _, err := os.Stat(f); err == nil {
				return f
			}
		}
	}
	return p
}
