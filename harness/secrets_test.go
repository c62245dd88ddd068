package harness

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Secrets the run mints or receives, registered as they appear, reach no
// report file, no file name and no line of the test's output: the API's
// login token and session cookie (registered by the client), a minted-style
// value the test registers, in steps, failure, evidence and properties.
func TestRegisteredSecretsNeverReachReports(t *testing.T) {
	const (
		loginToken = "opaque-login-token-7781"
		cookie     = "session-cookie-value-5512"
		resetToken = "reset-token-value-3390"
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "sid", Value: cookie})
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"data":{"token":"` + loginToken + `"},"echo":"` + r.URL.Query().Get("q") + `"}`))
	}))
	defer srv.Close()
	r := newTestBinary(t, map[string]string{"SMOKE_TARGET": "remote", "SMOKE_API_URL": srv.URL})
	ft := runFake("TestReset", func(ft *fakeT) {
		s := start(ft, r, budgetOf(5*time.Second))
		s.Secret("reset-token", resetToken)
		s.Step("following %s", "https://dash.example/r/"+resetToken)
		s.Property("seen", resetToken)
		s.Evidence("mail-"+resetToken+".txt", []byte("link: /r/"+resetToken))
		API(s).Expect().GET("/login").WithQuery("q", "x").Expect().Status(http.StatusOK)
	})
	for _, a := range ft.attrs {
		for _, v := range []string{loginToken, cookie, resetToken} {
			if strings.Contains(a.Key+a.Value, v) {
				t.Errorf("attribute %s on the test stream holds %s", a.Key, v)
			}
		}
	}
	if r.secrets.Len() < 3 {
		t.Fatalf("registered %d secrets, want the reset token, the login token and the cookie", r.secrets.Len())
	}
	out := ft.output()
	if !strings.Contains(out, "«redacted:reset-token:") {
		t.Errorf("the test's output shows no masked reset token; the check proves nothing:\n%s", out)
	}
	for _, v := range []string{loginToken, cookie, resetToken} {
		if strings.Contains(out, v) {
			t.Errorf("the test's output holds %s:\n%s", v, out)
		}
	}
	err := filepath.WalkDir(r.reportDir(), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		b, _ := os.ReadFile(path)
		for _, v := range []string{loginToken, cookie, resetToken} {
			if strings.Contains(path, v) || (!d.IsDir() && strings.Contains(string(b), v)) {
				t.Errorf("%s holds %s", path, v)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
