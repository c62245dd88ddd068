package api

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/internal/certtest"
)

// healthCheck is the health test's chain: status, then content type, then
// the body.
func healthCheck(c *Client) {
	c.Expect().GET("/api/health").Expect().Status(http.StatusOK).
		HasContentType("application/json").JSON().Object().Value("data").Object().Value("status").IsEqual("ok")
}

func healthy(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"success":true,"data":{"status":"ok","database":"connected"}}`))
}

// try runs check against a client of base and returns the failure it
// reported, if any. Fail stops the check as the harness does (Goexit).
func try(t *testing.T, base string, tlsConf *tls.Config, check func(*Client)) (f *Failure, c *Client) {
	t.Helper()
	c = New(Options{BaseURL: base, Timeout: 5 * time.Second, TLS: tlsConf, Fail: func(got Failure) { f = &got }})
	done := make(chan struct{})
	go func() {
		defer close(done)
		check(c)
	}()
	<-done
	return f, c
}

func TestFailureNamesWhatHappened(t *testing.T) {
	good := httptest.NewServer(http.HandlerFunc(healthy))
	defer good.Close()
	var loop *httptest.Server
	loop = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, loop.URL+r.URL.Path, http.StatusFound)
	}))
	defer loop.Close()
	tests := []struct {
		name    string
		handler http.HandlerFunc
		want    []string // all in the message; nil: no failure
		notWant []string
	}{
		{"healthy", healthy, nil, nil},
		{"502 with an HTML body", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			_, _ = w.Write([]byte("<html><body><h1>502 Bad Gateway</h1>" + strings.Repeat("x", 500) + "</body></html>"))
		}, []string{"GET /api/health answered 502 Bad Gateway", "Content-Type: text/html", `body: "<html><body><h1>502 Bad Gateway</h1>`, "want 200 OK"}, []string{"content type", strings.Repeat("x", 300)}},
		{"301 to a healthy API", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, good.URL+"/api/health", http.StatusMovedPermanently)
		}, []string{"GET /api/health answered 301 Moved Permanently, Location: " + good.URL + "/api/health", "the API must answer directly"}, nil},
		{"200 with HTML", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html>maintenance</html>"))
		}, []string{`Content-Type is "text/html", want "application/json"`, `body: "<html>maintenance</html>"`}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(tc.handler)
			defer srv.Close()
			f, _ := try(t, srv.URL, nil, healthCheck)
			checkFailure(t, f, tc.want, tc.notWant)
		})
	}
	t.Run("redirect loop ends at its first hop", func(t *testing.T) {
		start := time.Now()
		f, c := try(t, loop.URL, nil, healthCheck)
		checkFailure(t, f, []string{"answered 302 Found, Location: " + loop.URL + "/api/health"}, nil)
		if n := len(c.Exchanges()); n != 1 || time.Since(start) > time.Second {
			t.Errorf("%d requests in %s, want 1 at once", n, time.Since(start))
		}
	})
}

func checkFailure(t *testing.T, f *Failure, want, notWant []string) {
	t.Helper()
	if want == nil {
		if f != nil {
			t.Fatalf("unexpected failure: %s", f.Message)
		}
		return
	}
	if f == nil {
		t.Fatalf("no failure, want one with %q", want)
	}
	msg := f.Message
	if f.Diagnosis != nil { // as the harness shows it
		msg += " — " + f.Diagnosis.Advice
	}
	t.Logf("message: %s", msg)
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("message %q lacks %q", msg, w)
		}
	}
	for _, w := range notWant {
		if strings.Contains(msg, w) {
			t.Errorf("message %q holds %q", msg, w)
		}
	}
}

// A 50 MB body is read to the cap and no further, at once, and the
// failure says it was cut.
func TestBodyCap(t *testing.T) {
	const size = 50 << 20
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"data":{"status":"`))
		chunk := []byte(strings.Repeat("x", 64<<10))
		for n := 0; n < size; n += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return // the client stopped reading
			}
		}
	}))
	defer srv.Close()
	start := time.Now()
	f, c := try(t, srv.URL, nil, healthCheck)
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("took %s: the body was not cut at the cap", took)
	}
	checkFailure(t, f, []string{"answered 200 OK", "body truncated at 1 MiB", "a body over 1 MiB cannot be checked"}, nil)
	x, _ := c.Last()
	if !x.Truncated || x.Total != 0 {
		t.Errorf("exchange Truncated=%v Total=%s, want truncated with no total", x.Truncated, x.Total)
	}
	if len(x.Response) > 2*maxBody {
		t.Errorf("transcript holds %d bytes of the body", len(x.Response))
	}
}

// A small body that ends exactly at the cap is not reported as cut.
func TestBodyAtCapIsWhole(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(strings.Repeat("y", MaxBody)))
	}))
	defer srv.Close()
	f, c := try(t, srv.URL, nil, func(c *Client) { c.Expect().GET("/").Expect().Status(http.StatusOK).Body().Length().IsEqual(MaxBody) })
	checkFailure(t, f, nil, nil)
	if x, _ := c.Last(); x.Truncated {
		t.Error("a body of exactly MaxBody is reported as truncated")
	}
}

func TestTLSFailures(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(healthy))
	defer srv.Close()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	trusting := loadTLS(t, caFile)
	expired := httptest.NewUnstartedServer(http.HandlerFunc(healthy))
	expired.TLS = &tls.Config{Certificates: []tls.Certificate{certtest.Expired(t)}}
	expired.StartTLS()
	defer expired.Close()
	expiredPool := x509.NewCertPool()
	expiredPool.AddCert(expired.Certificate())
	tests := []struct {
		name      string
		base      string
		tls       *tls.Config
		want      []string
		untrusted bool
	}{
		{"self-signed: unknown authority", srv.URL, loadTLS(t, ""), []string{"signed by an unknown authority", "SMOKE_CA_FILE"}, true},
		{"SMOKE_CA_FILE holds the server's certificate", srv.URL, trusting, nil, false},
		{"hostname mismatch", strings.Replace(srv.URL, "127.0.0.1", "localhost", 1), trusting, []string{"hostname mismatch", "not localhost"}, false},
		{"expired", expired.URL, &tls.Config{RootCAs: expiredPool}, []string{"expired", "renew the certificate"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, _ := try(t, tc.base, tc.tls, healthCheck)
			checkFailure(t, f, tc.want, nil)
			if f != nil && UntrustedCA(f.Err) != tc.untrusted {
				t.Errorf("UntrustedCA(%v) = %v, want %v", f.Err, !tc.untrusted, tc.untrusted)
			}
		})
	}
}

// loadTLS is the configuration's TLS with SMOKE_CA_FILE=caFile.
func loadTLS(t *testing.T, caFile string) *tls.Config {
	t.Helper()
	env := map[string]string{"SMOKE_CA_FILE": caFile}
	cfg, err := config.Load(config.Source{Dir: t.TempDir(), Lookup: func(k string) (string, bool) { v, ok := env[k]; return v, ok }})
	if err != nil {
		t.Fatal(err)
	}
	return cfg.TLS()
}
