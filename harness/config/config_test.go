package config

import (
	"encoding/json"
	"fmt"
	"github.com/smokegate/smokegate/harness/runbook"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func load(t *testing.T, files map[string]string, env map[string]string) (*Config, error) {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// the real runbooks' variables, PromptLens's first
	return Load(Source{Dir: dir, Runbooks: filepath.Join("..", "..", "smoke"), Runbook: "promptlens",
		Lookup: func(k string) (string, bool) { v, ok := env[k]; return v, ok }})
}

func TestLoad(t *testing.T) {
	tests := []struct {
		name     string
		files    map[string]string
		env      map[string]string
		check    func(c *Config) string
		wantErr  []string // every one must appear in the error
		notInErr string   // must not appear in the error (a secret)
	}{
		{name: "defaults", check: func(c *Config) string {
			if c.Target != Sandbox || c.ReportDir != "reports" || c.Get("SMOKE_MONGODB_DB") != "promptlens" || c.Get("SMOKE_LOGIN_PATH") != "/api/auth/login" {
				return fmt.Sprintf("defaults wrong: %+v", c)
			}
			return ""
		}},
		{name: "real environment wins over .env", files: map[string]string{".env": "SMOKE_API_URL=http://from-file"},
			env: map[string]string{"SMOKE_API_URL": "https://from-env/"},
			check: func(c *Config) string {
				if c.APIURL != "https://from-env" {
					return "APIURL = " + c.APIURL
				}
				return ""
			}},
		{name: ".env.<SMOKE_ENV> overrides .env", files: map[string]string{".env": "SMOKE_ENV=staging\nSMOKE_TARGET=sandbox", ".env.staging": "SMOKE_TARGET=remote"},
			check: func(c *Config) string {
				if c.Target != Remote {
					return "Target = " + string(c.Target)
				}
				return ""
			}},
		{name: "missing .env.<SMOKE_ENV> is named", env: map[string]string{"SMOKE_ENV": "prod"}, wantErr: []string{".env.prod does not exist"}},
		{name: "a named environment never falls back to the sandbox", files: map[string]string{".env.prod": "SMOKE_API_URL=https://api.example"},
			env: map[string]string{"SMOKE_ENV": "prod"}, wantErr: []string{"SMOKE_TARGET is not set", "SMOKE_TARGET=remote in .env.prod"}},
		{name: "empty .env.<SMOKE_ENV> is named", files: map[string]string{".env.prod": "# nothing yet\n"}, env: map[string]string{"SMOKE_ENV": "prod"},
			wantErr: []string{"SMOKE_ENV is \"prod\"", ".env.prod sets no variable"}},
		{name: "a mistyped variable in a file is named with the likely one", files: map[string]string{".env": "SMOKE_API_UR=http://x\nSMOKE_MONGO_URI=mongodb://x\nOTHER=1"},
			wantErr: []string{"SMOKE_API_UR in", "did you mean SMOKE_API_URL?", "SMOKE_MONGO_URI in", "did you mean SMOKE_MONGODB_URI?"}},
		{name: "every bad value is reported at once",
			env:     map[string]string{"SMOKE_TARGET": "prod", "SMOKE_API_URL": "api.example.com", "SMOKE_REQUEST_TIMEOUT": "soon", "SMOKE_MONGODB_URI": "postgres://x", "SMOKE_BILLING_MODE": "card"},
			wantErr: []string{"SMOKE_TARGET", "SMOKE_API_URL", "SMOKE_REQUEST_TIMEOUT", "SMOKE_MONGODB_URI", "SMOKE_BILLING_MODE"}},
		{name: "bad pattern and run id", env: map[string]string{"SMOKE_TEST_ACCOUNT_PATTERN": "(", "SMOKE_RUN_ID": "Has Spaces"},
			wantErr: []string{"SMOKE_TEST_ACCOUNT_PATTERN", "SMOKE_RUN_ID"}},
		{name: "live secret key refused in checkout mode", env: map[string]string{"SMOKE_STRIPE_SECRET_KEY": "sk_live_PLANTED", "SMOKE_BILLING_MODE": "checkout"},
			wantErr: []string{"SMOKE_STRIPE_SECRET_KEY", "live-mode key", "sk_test_"}, notInErr: "PLANTED"},
		{name: "live restricted key refused in checkout mode", env: map[string]string{"SMOKE_STRIPE_SECRET_KEY": "rk_live_PLANTED"},
			wantErr: []string{"SMOKE_STRIPE_SECRET_KEY", "live-mode key"}, notInErr: "PLANTED"},
		{name: "live key refused in signed-event mode", files: map[string]string{".env": "SMOKE_STRIPE_SECRET_KEY=sk_live_PLANTED\nSMOKE_BILLING_MODE=signed-event"},
			wantErr: []string{"SMOKE_STRIPE_SECRET_KEY", "live-mode key"}, notInErr: "PLANTED"},
		{name: "test-mode key accepted", env: map[string]string{"SMOKE_STRIPE_SECRET_KEY": "sk_test_abc"}, check: func(c *Config) string {
			if c.Secret("SMOKE_STRIPE_SECRET_KEY").Value() != "sk_test_abc" {
				return "the test-mode key was lost"
			}
			return ""
		}},
		{name: "unparsable .env names the file", files: map[string]string{".env": "A='unterminated"}, wantErr: []string{".env"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := load(t, tc.files, tc.env)
			if len(tc.wantErr) > 0 {
				if err == nil {
					t.Fatalf("no error, want one naming %v", tc.wantErr)
				}
				for _, w := range tc.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error does not name %s:\n%v", w, err)
					}
				}
				if tc.notInErr != "" && strings.Contains(err.Error(), tc.notInErr) {
					t.Errorf("error shows %q:\n%v", tc.notInErr, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if msg := tc.check(c); msg != "" {
				t.Error(msg)
			}
		})
	}
}

func TestCheckRemote(t *testing.T) {
	yes := true
	checks := map[string]runbook.Check{
		"health": {Test: "health", Needs: []string{"SMOKE_API_URL"}},
		"quota":  {Test: "quota", Needs: []string{"SMOKE_API_URL", "SMOKE_MONGODB_URI", "SMOKE_JWT_SECRET"}},
		"signup": {Test: "signup", Needs: []string{"SMOKE_API_URL"}, When: []runbook.When{
			{If: "SMOKE_SIGNUP_MODE=redirect", Needs: []string{"SMOKE_TEST_EMAIL"}, ReadOnly: &yes}}},
	}
	pick := func(names ...string) []runbook.Check {
		var out []runbook.Check
		for _, n := range names {
			out = append(out, checks[n])
		}
		return out
	}
	tests := []struct {
		name    string
		env     map[string]string
		checks  []runbook.Check
		wantErr []string
	}{
		{"sandbox needs nothing", nil, pick("health", "quota", "signup"), nil},
		{"remote health needs the API URL", map[string]string{"SMOKE_TARGET": "remote"}, pick("health"), []string{"SMOKE_API_URL is not set", "needed by health"}},
		{"remote with the URL passes", map[string]string{"SMOKE_TARGET": "remote", "SMOKE_API_URL": "https://api.example"}, pick("health"), nil},
		{"optional tests are not checked", map[string]string{"SMOKE_TARGET": "remote", "SMOKE_API_URL": "https://api.example", "SMOKE_OPTIONAL": "quota"}, pick("health", "quota"), nil},
		{"each missing variable is named", map[string]string{"SMOKE_TARGET": "remote", "SMOKE_API_URL": "https://a"}, pick("quota"),
			[]string{"SMOKE_MONGODB_URI", "SMOKE_JWT_SECRET"}},
		{"a condition adds its needs", map[string]string{"SMOKE_TARGET": "remote", "SMOKE_API_URL": "https://a", "SMOKE_SIGNUP_MODE": "redirect"}, pick("signup"),
			[]string{"SMOKE_TEST_EMAIL is not set"}},
		{"a condition that does not hold adds nothing", map[string]string{"SMOKE_TARGET": "remote", "SMOKE_API_URL": "https://a"}, pick("signup"), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := load(t, nil, tc.env)
			if err != nil {
				t.Fatal(err)
			}
			err = c.CheckRemote(tc.checks)
			if (err != nil) != (len(tc.wantErr) > 0) {
				t.Fatalf("CheckRemote = %v, want errors %v", err, tc.wantErr)
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestReadOnlySkip(t *testing.T) {
	yes := true
	signup := runbook.Check{Test: "signup", When: []runbook.When{{If: "SMOKE_SIGNUP_MODE=redirect", ReadOnly: &yes}}}
	tests := []struct {
		env  map[string]string
		chk  runbook.Check
		skip bool
	}{
		{nil, runbook.Check{Test: "quota"}, false},
		{map[string]string{"SMOKE_READ_ONLY": "1"}, runbook.Check{Test: "quota"}, true},
		{map[string]string{"SMOKE_READ_ONLY": "1"}, runbook.Check{Test: "health", ReadOnly: true}, false},
		{map[string]string{"SMOKE_READ_ONLY": "1"}, signup, true},
		{map[string]string{"SMOKE_READ_ONLY": "1", "SMOKE_SIGNUP_MODE": "redirect"}, signup, false},
	}
	for _, tc := range tests {
		c, err := load(t, nil, tc.env)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.ReadOnlySkip(tc.chk) != ""; got != tc.skip {
			t.Errorf("%v %s: skipped %v, want %v", tc.env, tc.chk.Test, got, tc.skip)
		}
	}
}

func TestSecretNeverPrints(t *testing.T) {
	const v = "whsec_PLANTED"
	s := NewSecret(v)
	c := struct{ JWT Secret }{s}
	j, _ := json.Marshal(c)
	for _, out := range []string{fmt.Sprint(s), fmt.Sprintf("%s %v %q %x %#v %+v", s, s, s, s, s, c), string(j)} {
		if strings.Contains(out, v) {
			t.Errorf("secret printed: %s", out)
		}
	}
	if s.Value() != v {
		t.Error("Value lost the secret")
	}
}

func TestRedactor(t *testing.T) {
	c, err := load(t, nil, map[string]string{"SMOKE_MONGODB_URI": "mongodb://smoke:p%40ssw0rd@db:27017", "SMOKE_JWT_SECRET": "jwt-secret-1"})
	if err != nil {
		t.Fatal(err)
	}
	got := c.Redactor()("uri mongodb://smoke:p%40ssw0rd@db:27017 pw p%40ssw0rd jwt jwt-secret-1")
	for _, leak := range []string{"p%40ssw0rd", "jwt-secret-1"} {
		if strings.Contains(got, leak) {
			t.Errorf("%q leaked in %q", leak, got)
		}
	}
	if r := RedactURI("mongodb://u:pw@h/db"); strings.Contains(r, "pw@") || !strings.Contains(r, "u:") {
		t.Errorf("RedactURI = %q", r)
	}
}

// .env.example documents every variable the suite reads.
func TestEnvExampleDocumentsEveryVariable(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", ".env.example"))
	if err != nil {
		t.Fatalf("read .env.example: %v", err)
	}
	for _, v := range Vars {
		if !strings.Contains(string(b), v.Name+"=") {
			t.Errorf(".env.example lacks %s (%s)", v.Name, v.Purpose)
		}
	}
}

// A mistyped name in the real environment is an error, not a silent default.
func TestUnknownNameInEnvironment(t *testing.T) {
	env := map[string]string{"SMOKE_TRAGET": "remote", "PATH": "/bin", "SMOKE_ROOT": "/x"}
	_, err := Load(Source{Dir: t.TempDir(), Lookup: func(k string) (string, bool) { v, ok := env[k]; return v, ok },
		Environ: func() []string {
			return []string{"SMOKE_TRAGET=remote", "PATH=/bin", "SMOKE_ROOT=/x", "SMOKE_ZZZZZZZZZZZZ=1"}
		}})
	for _, want := range []string{"SMOKE_TRAGET in the environment is not a smokegate variable; did you mean SMOKE_TARGET?",
		"SMOKE_ZZZZZZZZZZZZ in the environment is not a smokegate variable; .env.example lists them all"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want it to contain %q", err, want)
		}
	}
	if err != nil && (strings.Contains(err.Error(), "PATH") || strings.Contains(err.Error(), "SMOKE_ROOT ")) {
		t.Errorf("err names a known or foreign variable: %v", err)
	}
}
