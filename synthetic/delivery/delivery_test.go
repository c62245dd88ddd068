package delivery

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/smokegate/smokegate/synthetic"
)

const token = "t0ken-for-tests"

func outcome(r synthetic.Result) synthetic.Outcome {
	o := synthetic.Outcome{Result: r, RunID: "r1", Line: "GATE " + strings.ToUpper(string(r))}
	switch r {
	case synthetic.Pass, synthetic.Flaky:
		o.Line = "GATE PASS 7/7"
	case synthetic.Fail:
		o.Code = 1
		o.Tests = []synthetic.TestResult{{Name: "health", Status: "passed"}, {Name: "billing", Status: "failed", Message: "webhook never landed"}}
	case synthetic.Error:
		o.Code = 2
		o.Message = "Chromium not found"
	}
	return o
}

func server(t *testing.T, result synthetic.Result, tok string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var runs atomic.Int32
	s := &Server{Token: tok, Windows: &Windows{},
		Verdicts: &Verdicts{Gate: func(context.Context, string) synthetic.Outcome {
			runs.Add(1)
			time.Sleep(50 * time.Millisecond)
			return outcome(result)
		}},
		RunNow: func(_ context.Context, check string) (synthetic.Outcome, error) {
			switch check {
			case "health":
				return outcome(result), nil
			case "full":
				return synthetic.Outcome{}, &BusyError{Check: "full", Since: time.Unix(1700000000, 0)}
			}
			return synthetic.Outcome{}, ErrUnknownCheck
		},
	}
	mux := http.NewServeMux()
	s.Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &runs
}

func call(t *testing.T, method, url, tok, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// The endpoints are off without a token configured, and refuse a request
// without the right one.
func TestAuth(t *testing.T) {
	off, _ := server(t, synthetic.Pass, "")
	on, _ := server(t, synthetic.Pass, token)
	tests := []struct {
		name, url, tok string
		want           int
	}{
		{"no token configured", off.URL + "/api/v1/verdict?deploy=v1", token, http.StatusNotFound},
		{"no token sent", on.URL + "/api/v1/verdict?deploy=v1", "", http.StatusUnauthorized},
		{"a wrong token", on.URL + "/api/v1/verdict?deploy=v1", "nope", http.StatusUnauthorized},
		{"the token", on.URL + "/api/v1/verdict?deploy=v1", token, http.StatusOK},
		{"run now without it", on.URL + "/api/v1/run?check=health", "", http.StatusUnauthorized},
		{"a window without it", on.URL + "/api/v1/windows?version=v1", "", http.StatusUnauthorized},
	}
	flagger := []struct {
		name, body string
		want       int
	}{
		{"flagger without a token", `{"name":"a","namespace":"b"}`, http.StatusUnauthorized},
		{"flagger with a wrong one", `{"name":"a","namespace":"b","metadata":{"token":"nope"}}`, http.StatusUnauthorized},
		{"flagger with the token in its metadata", `{"name":"a","namespace":"b","metadata":{"token":"` + token + `"}}`, http.StatusOK},
	}
	for _, tc := range flagger {
		if code, body := call(t, http.MethodPost, on.URL+"/api/v1/flagger", "", tc.body); code != tc.want {
			t.Errorf("%s: %d %s, want %d", tc.name, code, body, tc.want)
		}
	}
	for _, tc := range tests {
		method := http.MethodGet
		if strings.Contains(tc.url, "/run") || strings.Contains(tc.url, "/windows") {
			method = http.MethodPost
		}
		if code, body := call(t, method, tc.url, tc.tok, ""); code != tc.want {
			t.Errorf("%s: %d %s, want %d", tc.name, code, body, tc.want)
		}
	}
}

// The verdict keeps the gate's three outcomes apart, names the failing
// test, and a deploy asked for twice at once runs the gate once.
func TestVerdict(t *testing.T) {
	tests := []struct {
		result        synthetic.Result
		verdict, test string
		flagger       int
	}{
		{synthetic.Pass, "pass", "", http.StatusOK},
		{synthetic.Flaky, "pass", "", http.StatusOK},
		{synthetic.Fail, "fail", "billing", http.StatusPreconditionFailed},
		{synthetic.Error, "error", "", http.StatusFailedDependency},
	}
	for _, tc := range tests {
		t.Run(string(tc.result), func(t *testing.T) {
			srv, runs := server(t, tc.result, token)
			var wg sync.WaitGroup
			bodies := make([]string, 2)
			for i := range bodies {
				wg.Go(func() { _, bodies[i] = call(t, http.MethodGet, srv.URL+"/api/v1/verdict?deploy=v7", token, "") })
			}
			wg.Wait()
			var v Verdict
			if err := json.Unmarshal([]byte(bodies[0]), &v); err != nil {
				t.Fatalf("%v: %s", err, bodies[0])
			}
			if v.Verdict != tc.verdict || v.Test != tc.test || v.Deploy != "v7" || bodies[0] != bodies[1] {
				t.Errorf("verdicts %s / %s, want %s naming %q", bodies[0], bodies[1], tc.verdict, tc.test)
			}
			if n := runs.Load(); n != 1 {
				t.Errorf("the gate ran %d times for one deploy, want 1", n)
			}
			code, body := call(t, http.MethodPost, srv.URL+"/api/v1/flagger", token, `{"name":"podinfo","namespace":"test","phase":"Progressing","checksum":"abc"}`)
			if code != tc.flagger || (tc.test != "" && !strings.Contains(body, tc.test)) {
				t.Errorf("flagger: %d %s, want %d", code, body, tc.flagger)
			}
		})
	}
}

// A pass of less than the whole runbook is no deploy verdict, and a gate
// error is not answered again: the next call runs the gate anew.
func TestNoFalseDeployVerdict(t *testing.T) {
	readOnly := synthetic.Outcome{Result: synthetic.Pass, Line: "GATE READ-ONLY PASS: 2 of 7 checked"}
	if v := FromOutcome("v1", readOnly); v.Verdict != "error" {
		t.Errorf("a read-only pass gave verdict %q, want error", v.Verdict)
	}
	partial := synthetic.Outcome{Result: synthetic.Pass, Line: "PARTIAL PASS 1/1: 1 check of the runbook's 7 checks (health); not a deploy verdict"}
	if v := FromOutcome("v1", partial); v.Verdict != "error" {
		t.Errorf("a partial pass gave verdict %q, want error", v.Verdict)
	}
	var runs int
	vs := &Verdicts{Gate: func(context.Context, string) synthetic.Outcome { runs++; return outcome(synthetic.Error) }}
	for range 2 {
		if _, err := vs.For(context.Background(), "v2", ""); err != nil {
			t.Fatal(err)
		}
	}
	if runs != 2 {
		t.Errorf("the gate ran %d times for two calls after a gate error, want 2", runs)
	}
}

// A window holds back notifications until its verdict is in, then closes
// with one message; a window whose verdict never comes ends by itself.
func TestWindows(t *testing.T) {
	var closed []string
	var mu sync.Mutex
	w := &Windows{Closed: func(version string, v *Verdict) {
		mu.Lock()
		defer mu.Unlock()
		line := "no verdict"
		if v != nil {
			line = v.Line
		}
		closed = append(closed, version+": "+line)
	}}
	if !w.Open("v1", 50*time.Millisecond) || w.Open("v1", time.Minute) {
		t.Fatal("opening a window twice for one version must fail")
	}
	if !w.Any() {
		t.Fatal("no window open")
	}
	time.Sleep(150 * time.Millisecond)
	if w.Any() {
		t.Error("a window left open did not end at its maximum time")
	}
	w.Open("v2", time.Minute)
	w.Close("v2", &Verdict{Line: "GATE PASS 7/7"})
	w.Close("v2", &Verdict{Line: "again"})
	mu.Lock()
	defer mu.Unlock()
	if len(closed) != 2 || closed[0] != "v1: no verdict" || closed[1] != "v2: GATE PASS 7/7" {
		t.Errorf("closing messages %q, want one per window", closed)
	}
}

// Opening a window through the API runs the gate at once and closes the
// window when its verdict is in; run-now answers a known check only.
func TestWindowAndRunNowEndpoints(t *testing.T) {
	srv, runs := server(t, synthetic.Fail, token)
	if code, body := call(t, http.MethodPost, srv.URL+"/api/v1/windows?version=v9&max=1m", token, ""); code != http.StatusAccepted {
		t.Fatalf("open: %d %s", code, body)
	}
	if code, _ := call(t, http.MethodPost, srv.URL+"/api/v1/windows?version=v9", token, ""); code != http.StatusConflict {
		t.Errorf("a second window for v9: %d, want 409", code)
	}
	for end := time.Now().Add(5 * time.Second); runs.Load() == 0 && time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
	}
	if runs.Load() != 1 {
		t.Errorf("the gate ran %d times after the window opened, want 1", runs.Load())
	}
	if code, _ := call(t, http.MethodPost, srv.URL+"/api/v1/run?check=health", token, ""); code != http.StatusOK {
		t.Errorf("run now health: %d", code)
	}
	if code, _ := call(t, http.MethodPost, srv.URL+"/api/v1/run?check=nope", token, ""); code != http.StatusNotFound {
		t.Errorf("run now of an unknown check: %d, want 404", code)
	}
	if code, body := call(t, http.MethodPost, srv.URL+"/api/v1/run?check=full", token, ""); code != http.StatusConflict || !strings.Contains(body, "a run of check full is in progress") {
		t.Errorf("run now while full runs: %d %q, want 409 naming the check", code, body)
	}
}
