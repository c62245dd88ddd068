package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHeadlessShell(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "lib", "my-shell")
	wrapper := filepath.Join(dir, "my-shell")
	if err := os.MkdirAll(filepath.Dir(real), 0o755); err != nil {
		t.Fatal(err)
	}
	for path, text := range map[string]string{real: "\x7fELF", wrapper: "#!/bin/sh -e\n\n" + real + " \"$@\"\n"} {
		if err := os.WriteFile(path, []byte(text), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ name, value, want, wantErr string }{
		{"off", "off", "", ""},
		{"a binary", real, real, ""},
		{"a launcher script is resolved to what it runs", wrapper, real, ""},
		{"missing", filepath.Join(dir, "nope"), "", "not a program here"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &Config{}
			err := setHeadlessShell(c, tc.value)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || c.HeadlessShell != tc.want {
				t.Errorf("HeadlessShell %q, err %v; want %q", c.HeadlessShell, err, tc.want)
			}
		})
	}
}
