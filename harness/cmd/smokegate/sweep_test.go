package main

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/smokegate/smokegate/harness/config"
)

// smokegate sweep takes -runbook and -bin out of the flags and hands the
// rest to the runbook's sweeper.
func TestSweepArgs(t *testing.T) {
	tests := []struct {
		args     []string
		wantOpts map[string]string
		wantRest []string
		wantErr  bool
	}{
		{[]string{"-run", "r1"}, map[string]string{"runbook": "", "bin": ""}, []string{"-run", "r1"}, false},
		{[]string{"-runbook", "manuscript", "-run", "r1"}, map[string]string{"runbook": "manuscript", "bin": ""}, []string{"-run", "r1"}, false},
		{[]string{"-dry-run", "--runbook=manuscript", "-bin", "/opt/bin"}, map[string]string{"runbook": "manuscript", "bin": "/opt/bin"}, []string{"-dry-run"}, false},
		{[]string{"-run", "r1", "-runbook"}, nil, nil, true},
	}
	for _, tc := range tests {
		opts, rest, err := sweepArgs(tc.args)
		if !maps.Equal(opts, tc.wantOpts) || !slices.Equal(rest, tc.wantRest) || (err != nil) != tc.wantErr {
			t.Errorf("sweepArgs(%q) = %v %q %v; want %v %q error %v", tc.args, opts, rest, err, tc.wantOpts, tc.wantRest, tc.wantErr)
		}
	}
}

// The sweeper's exit code comes through; a runbook that is no folder name
// or has no sweeper is refused with exit 2 before anything runs.
func TestSweepCmd(t *testing.T) {
	bin := t.TempDir()
	fake := filepath.Join(bin, "smoke", "fake", "sweep")
	if err := os.MkdirAll(filepath.Dir(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fake, []byte("#!/bin/sh\necho \"swept $*\"\nexit 3\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
	}{
		{"the sweeper's code and flags", []string{"-runbook", "fake", "-run", "r1aa"}, 3, "swept -run r1aa"},
		{"a path for a runbook", []string{"-runbook", "../fake"}, 2, `runbook "../fake": want a folder name`},
		{"no sweeper", []string{"-runbook", "other"}, 2, "has no sweeper"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			code := sweepCmd(bin, tc.args, config.Source{Dir: t.TempDir(), Lookup: config.LookupOnly(nil)}, &out, &out)
			if code != tc.wantCode || !strings.Contains(out.String(), tc.wantOut) {
				t.Errorf("exit %d, output %q; want %d and %q", code, out.String(), tc.wantCode, tc.wantOut)
			}
		})
	}
}
