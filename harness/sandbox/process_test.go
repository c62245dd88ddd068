package sandbox

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/smokegate/smokegate/harness/faultmatrix"
)

// helperEnv makes this test binary act as a sandbox command through
// Serve: "up" starts, "fail" refuses to start, "silent" never says it is
// up.
const helperEnv = "SANDBOX_TEST_HELPER"

func TestMain(m *testing.M) {
	switch os.Getenv(helperEnv) {
	case "":
		os.Exit(m.Run())
	case "silent":
		time.Sleep(time.Minute)
		os.Exit(0)
	case "chatty": // says it is up, then writes more than a pipe holds
		os.Stdout.WriteString("{\"SMOKE_API_URL\":\"http://127.0.0.1:1\",\"FAULTS\":\"a+b\"}\n")
		os.Stdout.WriteString(strings.Repeat("log line\n", 20000))
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	start := func(_ context.Context, faults []string) (map[string]string, func() error, error) {
		if os.Getenv(helperEnv) == "fail" {
			return nil, nil, errors.New("port in use")
		}
		return map[string]string{"SMOKE_API_URL": "http://127.0.0.1:1", "FAULTS": strings.Join(faults, "+")}, func() error { return nil }, nil
	}
	matrix := []faultmatrix.Fault{{Name: "down", Check: "up", Word: "500"}}
	os.Exit(Serve(os.Args[1:], start, matrix, os.Stdout, io.Discard))
}

func TestCommand(t *testing.T) {
	cases := []struct {
		mode, want string
	}{
		{"up", ""},
		{"chatty", ""},
		{"fail", "ended before it said it was up"},
		{"silent", "not up in time"},
	}
	for _, tc := range cases {
		t.Run(tc.mode, func(t *testing.T) {
			t.Setenv(helperEnv, tc.mode)
			wait := 10 * time.Second // room for a loaded machine to start the helper
			if tc.mode == "silent" {
				wait = time.Second
			}
			ctx, cancel := context.WithTimeout(context.Background(), wait)
			defer cancel()
			env, stop, err := Command(os.Args[0])(ctx, []string{"a", "b"})
			if tc.want != "" {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("Command = %v, want an error with %q", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if env["SMOKE_API_URL"] != "http://127.0.0.1:1" || env["FAULTS"] != "a+b" {
				t.Errorf("env %v, want the helper's, faults a+b", env)
			}
			if err := stop(); err != nil {
				t.Errorf("stop: %v", err)
			}
		})
	}
}

func TestFaults(t *testing.T) {
	t.Setenv(helperEnv, "up")
	got, err := Faults(context.Background(), os.Args[0])
	if err != nil || len(got) != 1 || got[0].Name != "down" || got[0].Check != "up" {
		t.Errorf("Faults = %v, %v; want the helper's one fault", got, err)
	}
}
