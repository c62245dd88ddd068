package harness

import (
	"crypto/tls"
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smokegate/smokegate/harness/internal/certtest"
	"github.com/smokegate/smokegate/harness/report"
)

// healthAdvice is the health check's own advice, the runbook's: right for
// a database that is down, wrong for everything that keeps the gate from
// reaching the API.
const healthAdvice = "check the API's logs and MongoDB's status; roll back if the database stays unreachable"

// healthBody is the health check's chain of checks.
func healthBody(s *S) {
	resp := API(s).Expect().GET("/api/health").Expect()
	if x, ok := API(s).Last(); ok && x.Status == http.StatusServiceUnavailable {
		resp.JSON().Object().Value("data").Object().Value("database").IsEqual("connected")
	}
	resp.Status(http.StatusOK).HasContentType("application/json")
}

// Each class of failure to reach the API, met against a real server on
// loopback, gets its own cause and advice, as a new user with only
// SMOKE_API_URL set would see it; only the database keeps the runbook's.
func TestAdviceFitsTheCause(t *testing.T) {
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(answerJSON))
	t.Cleanup(tlsSrv.Close)
	expired := httptest.NewUnstartedServer(http.HandlerFunc(answerJSON))
	expired.TLS = &tls.Config{Certificates: []tls.Certificate{certtest.Expired(t)}}
	expired.StartTLS()
	t.Cleanup(expired.Close)
	plain := serve(t, answerJSON)
	trust := caFile(t, tlsSrv, expired)
	tests := []struct {
		name   string
		env    map[string]string
		status report.Status
		want   []string
	}{
		{"DNS", env("http://api.smokegate.invalid"), report.Errored,
			[]string{"API unreachable: its host api.smokegate.invalid (from SMOKE_API_URL) does not resolve", "check SMOKE_API_URL", "rolling back does not fix DNS"}},
		{"connection refused", env("http://" + closedPort(t)), report.Failed,
			[]string{"API unreachable: nothing listens at", "connection refused", "listening on that port"}},
		{"TLS: wrong name", env(strings.Replace(tlsSrv.URL, "127.0.0.1", "localhost", 1), "SMOKE_CA_FILE", trust), report.Failed,
			[]string{"hostname mismatch", "not localhost", "serve a certificate for that name"}},
		{"TLS: unknown authority", env(tlsSrv.URL), report.Errored,
			[]string{"signed by an unknown authority", "SMOKE_CA_FILE"}},
		{"TLS: expired", env(expired.URL, "SMOKE_CA_FILE", trust), report.Failed,
			[]string{"expired", "renew the certificate"}},
		{"plain HTTP spoken to with https", env(strings.Replace(plain, "http://", "https://", 1)), report.Failed,
			[]string{"answers plain HTTP, not TLS", "use http:// in SMOKE_API_URL"}},
		{"timeout", env(serve(t, hang), "SMOKE_REQUEST_TIMEOUT", "200ms"), report.Failed,
			[]string{"no answer within 200ms", "SMOKE_REQUEST_TIMEOUT"}},
		{"an HTML page where JSON was expected", env(serve(t, answerHTML)), report.Failed,
			[]string{"answered a web page (text/html", "check that SMOKE_API_URL points at the API itself"}},
		{"an HTML 404 page", env(serve(t, notFoundHTML)), report.Failed,
			[]string{"answered 404 Not Found", "check that SMOKE_API_URL points at the API itself"}},
		{"database", env(serve(t, dbDown)), report.Failed,
			[]string{`database is "disconnected"`, healthAdvice}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := runHealth(t, tc.env)
			if c.Status != tc.status {
				t.Errorf("status %s, want %s: %s", c.Status, tc.status, c.Message)
			}
			for _, w := range tc.want {
				if !strings.Contains(c.Message, w) {
					t.Errorf("message %q\nlacks %q", c.Message, w)
				}
			}
			if tc.name != "database" && strings.Contains(c.Message, "MongoDB") {
				t.Errorf("message %q gives the database's advice for another cause", c.Message)
			}
		})
	}
}

// runHealth runs the health check's chain against env's API and returns
// its case.
func runHealth(t *testing.T, env map[string]string) report.Case {
	t.Helper()
	r := newTestBinary(t, env)
	ft := runFake("TestHealth", func(ft *fakeT) { healthBody(start(ft, r, budgetOf(5*time.Second), Advice(healthAdvice))) })
	c, ok := ft.reader.Case(ft.name)
	if !ok {
		t.Fatal("the test reported no case")
	}
	return c
}

// env is a remote configuration with only SMOKE_API_URL, and kv.
func env(apiURL string, kv ...string) map[string]string {
	e := map[string]string{"SMOKE_TARGET": "remote", "SMOKE_API_URL": apiURL}
	for i := 0; i+1 < len(kv); i += 2 {
		e[kv[i]] = kv[i+1]
	}
	return e
}

func serve(t *testing.T, h http.HandlerFunc) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// closedPort is an address on loopback where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// caFile is a SMOKE_CA_FILE that trusts the servers' certificates.
func caFile(t *testing.T, servers ...*httptest.Server) string {
	t.Helper()
	var pems []byte
	for _, s := range servers {
		pems = append(pems, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.Certificate().Raw})...)
	}
	path := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(path, pems, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func answerJSON(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprint(w, `{"data":{"status":"ok","database":"connected"}}`)
}

func answerHTML(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, `<!doctype html><html><body>PromptLens dashboard</body></html>`)
}

func notFoundHTML(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	fmt.Fprint(w, `<!doctype html><title>Not found</title>`)
}

func dbDown(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusServiceUnavailable)
	fmt.Fprint(w, `{"data":{"status":"degraded","database":"disconnected"}}`)
}

// hang answers nothing until the client gives up (or 5 s, a bound).
func hang(w http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(5 * time.Second):
	}
}
