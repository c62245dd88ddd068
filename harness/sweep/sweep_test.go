package sweep

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/smokegate/smokegate/harness/config"
)

// Run checks its flags and the pattern before the product's sweeper is
// called, and hands it the scope the flags name.
func TestRun(t *testing.T) {
	const token = "canaryToken5e2b9f"
	pattern := map[string]string{"SMOKE_TEST_ACCOUNT_PATTERN": `^smoke\+[a-z0-9-]+@smokegate\.test$`, "SMOKE_TEST_EMAIL": "smoke+premade@smokegate.test",
		"SMOKE_CF_API_TOKEN": token}
	tests := []struct {
		name      string
		args      []string
		env       map[string]string
		wantCode  int
		wantErr   string // on stderr
		wantScope string // what the sweeper was handed; "" not called
		sweepErr  string // the sweeper's error, if any
	}{
		{"by age", []string{"-older-than", "2h"}, pattern, 0, "", "created before", ""},
		{"one run", []string{"-run", "r1aa"}, pattern, 0, "", "of run r1aa", ""},
		{"not a run id", []string{"-run", "r1"}, pattern, 2, `-run "r1": a run id is 4 to 20`, "", ""},
		{"a sweeper's error, its secret masked", nil, pattern, 2, "D1 refused", "created before", "D1 refused the token " + token},
		{"an age reaching a run still going", []string{"-older-than", "5m"}, pattern, 2, "give at least 10m0s", "", ""},
		{"no pattern", nil, map[string]string{}, 2, "SMOKE_TEST_ACCOUNT_PATTERN is not set", "", ""},
		{"a bad flag", []string{"-olderthan", "1h"}, pattern, 2, "flag provided but not defined", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got Scope
			called := false
			sw := func(_ context.Context, _ *config.Config, sc Scope, _ bool, _ io.Writer) error {
				got, called = sc, true
				if tc.sweepErr != "" {
					return errors.New(tc.sweepErr)
				}
				return nil
			}
			var stdout, stderr bytes.Buffer
			code := Run("test", tc.args, config.Source{Dir: t.TempDir(), Lookup: config.LookupOnly(tc.env)}, &stdout, &stderr, sw, "SMOKE_TEST_EMAIL")
			if code != tc.wantCode || !strings.Contains(stderr.String(), tc.wantErr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr.String(), tc.wantCode, tc.wantErr)
			}
			if called != (tc.wantScope != "") || (called && !strings.Contains(got.String(), tc.wantScope)) {
				t.Errorf("sweeper called %v with %q, want %q", called, got, tc.wantScope)
			}
			if strings.Contains(stderr.String(), token) {
				t.Errorf("stderr holds the API token: %q", stderr.String())
			}
			if called && got.Keep != "smoke+premade@smokegate.test" {
				t.Errorf("scope keeps %q, want the pre-made account", got.Keep)
			}
		})
	}
}

// A scope covers its run's accounts, and never the pre-made one.
func TestScopeCovers(t *testing.T) {
	byAge := Scope{Cutoff: time.Now(), Keep: "smoke+premade@smokegate.test"}
	oneRun := Scope{RunID: "r1aa", Keep: "smoke+premade@smokegate.test"}
	tests := []struct {
		scope Scope
		email string
		want  bool
	}{
		{byAge, "smoke+r9aa-quota@smokegate.test", true},
		{byAge, "smoke+premade@smokegate.test", false},
		{byAge, "SMOKE+PREMADE@smokegate.test", false},
		{oneRun, "smoke+r1aa-quota@smokegate.test", true},
		{oneRun, "smoke+r1aa2-quota@smokegate.test", false},
		{oneRun, "smoke+r9aa-quota@smokegate.test", false},
		{Scope{Cutoff: time.Now()}, "smoke+premade@smokegate.test", false}, // no SMOKE_TEST_EMAIL: not the suite's shape
		{Scope{Cutoff: time.Now()}, "smoke+abcd-x@smokegate.test", true},
		{Scope{Cutoff: time.Now()}, "smoke+ab-x@smokegate.test", false}, // too short for a run id
		{Scope{Cutoff: time.Now()}, "x+smoke+abcd-x@smokegate.test", false},
		{Scope{Cutoff: time.Now()}, "smoke+abcd-x@smokegate.test.evil+com", false},
	}
	for _, tc := range tests {
		if got := tc.scope.Covers(tc.email); got != tc.want {
			t.Errorf("%s covers %s: %v, want %v", tc.scope, tc.email, got, tc.want)
		}
	}
}
