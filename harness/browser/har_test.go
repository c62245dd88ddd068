package browser

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/har"
	"github.com/chromedp/chromedp"

	"github.com/smokegate/smokegate/harness/config"
)

// The secrets the page below handles, one of each way a credential
// travels; none may appear in the HAR.
const (
	cookieSecret     = "cookieSecret7Qx2"
	authSecret       = "authSecret9Wd4Ka"
	paramSecret      = "paramSecret3Rt8"
	bodySecret       = "bodySecret5Hn1Lp"
	configuredSecret = "configuredSecret2Zm6"
)

// harServer serves a page that gets a session cookie, then calls an API
// with a bearer token and a ?token= parameter, and a body over MaxBody.
func harServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "sid", Value: cookieSecret, Path: "/", HttpOnly: true})
		fmt.Fprintf(w, `<html><body><script>
			fetch("/api/data?token=%s&page=2", {headers: {Authorization: "Bearer %s"}})
				.then(r => r.text()).then(() => fetch("/big")).then(r => r.text())
				.then(() => { document.title = "done" })
		</script></body></html>`, paramSecret, authSecret)
	})
	mux.HandleFunc("/api/data", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"token":"%s","note":"%s","ok":true}`, bodySecret, configuredSecret)
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, strings.Repeat("x", MaxBody+1000))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// A real Chromium's network log, written as HAR, decodes with a HAR
// library's types, has the exchanges with their status and timings, and
// holds none of the credentials that went through it.
func TestNetworkLogHAR(t *testing.T) {
	srv := harServer(t)
	b, err := Launch(context.Background(), Options{})
	if err != nil {
		t.Fatalf("Launch: %v", err)
	}
	defer b.Close()
	tab, cancel := b.IsolatedTab()
	defer cancel()
	if err := chromedp.Do(tab); err != nil {
		t.Fatal(err)
	}
	log, err := Record(tab)
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithTimeout(tab, 15*time.Second)
	defer stop()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	registry := config.NewRegistry("")
	configured := strings.NewReplacer(configuredSecret, "[redacted]")
	sink := Sink{Redact: func(s string) string { return config.RedactShapes(configured.Replace(registry.Redact(s))) }, Secret: registry.Add}
	raw := awaitHAR(ctx, t, log, sink)

	for _, secret := range []string{cookieSecret, authSecret, paramSecret, bodySecret, configuredSecret} {
		if bytes.Contains(raw, []byte(secret)) || bytes.Contains(raw, []byte(url.QueryEscape(secret))) {
			t.Errorf("the HAR holds the secret %s", secret)
		}
	}
	for _, secret := range []string{authSecret, paramSecret} {
		if !strings.Contains(registry.Redact(secret), "«redacted:") {
			t.Errorf("%s was dropped from the HAR but not registered for the other artifacts", secret)
		}
	}
	checkEntries(t, decodeHAR(t, raw), srv.URL)
}

// awaitHAR polls until the page's calls have ended and the HAR holds them.
func awaitHAR(ctx context.Context, t *testing.T, log *NetLog, sink Sink) []byte {
	t.Helper()
	for {
		title, _ := chromedp.Run(ctx, chromedp.Title())
		raw, err := log.HAR(ctx, sink)
		if err != nil {
			t.Fatalf("HAR: %v", err)
		}
		if title == "done" && bytes.Contains(raw, []byte(`the first 65536 bytes`)) {
			return raw
		}
		select {
		case <-ctx.Done():
			t.Fatalf("the page's calls did not end in the HAR (title %q):\n%.2000s", title, raw)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// decodeHAR reads the file with the HAR types of chromedp's cdproto,
// refusing any field that is not HAR's.
func decodeHAR(t *testing.T, raw []byte) *har.HAR {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var h har.HAR
	if err := dec.Decode(&h); err != nil {
		t.Fatalf("decode the HAR: %v\n%.2000s", err, raw)
	}
	if h.Log == nil || h.Log.Version != "1.2" || h.Log.Creator == nil {
		t.Fatalf("log = %+v, want version 1.2 and a creator", h.Log)
	}
	return &h
}

func checkEntries(t *testing.T, h *har.HAR, base string) {
	t.Helper()
	byPath := map[string]*har.Entry{}
	for _, e := range h.Log.Entries {
		u, err := url.Parse(e.Request.URL)
		if err != nil || !strings.HasPrefix(e.Request.URL, base) {
			continue
		}
		byPath[u.Path] = e
	}
	for _, path := range []string{"/", "/api/data", "/big"} {
		e := byPath[path]
		if e == nil {
			t.Errorf("no entry for %s among %d", path, len(h.Log.Entries))
			continue
		}
		if _, err := time.Parse(time.RFC3339Nano, e.StartedDateTime); err != nil {
			t.Errorf("%s: startedDateTime %q: %v", path, e.StartedDateTime, err)
		}
		if e.Response.Status != 200 || e.Time <= 0 || e.Timings == nil || e.Timings.Wait < 0 {
			t.Errorf("%s: status %d, time %v, timings %+v; want 200 and the time it took", path, e.Response.Status, e.Time, e.Timings)
		}
	}
	if api := byPath["/api/data"]; api != nil {
		if !strings.Contains(string(api.Response.Content.Text), `"ok":true`) {
			t.Errorf("/api/data: content %q, want the body", api.Response.Content.Text)
		}
		if !hasHeader(api.Request.Headers, "Authorization", "«dropped»") {
			t.Errorf("/api/data: request headers %v, want Authorization with its value dropped", api.Request.Headers)
		}
	}
	if big := byPath["/big"]; big != nil && len(big.Response.Content.Text) != MaxBody {
		t.Errorf("/big: %d bytes of body, want the first %d", len(big.Response.Content.Text), MaxBody)
	}
}

func hasHeader(h []*har.NameValuePair, name, value string) bool {
	for _, p := range h {
		if strings.EqualFold(p.Name, name) && p.Value == value {
			return true
		}
	}
	return false
}

// Cookie, Set-Cookie and Authorization never reach the file, whatever
// the browser reports, and their values are registered; the secret query
// parameters are masked in place, the others kept in order.
func TestCredentialsDropped(t *testing.T) {
	got := map[string]bool{}
	sink := Sink{Redact: func(s string) string { return s }, Secret: func(_, v string) { got[v] = true }}
	h := headers(map[string]any{
		"Cookie":        "sid=cookieValue1; theme=dark",
		"Set-Cookie":    "sid=cookieValue2; Path=/; HttpOnly\nother=cookieValue3",
		"Authorization": "Bearer bearerValue4",
		"Accept":        "application/json",
	}, sink)
	for _, p := range h {
		if p.Name != "Accept" && p.Value != "«dropped»" {
			t.Errorf("%s: %q, want «dropped»", p.Name, p.Value)
		}
	}
	masked := maskURL("https://x.test/cb?page=2&code=codeValue5&state=st%2Fate6&next=%2F", sink)
	if strings.Contains(masked, "codeValue5") || strings.Contains(masked, "st%2Fate6") || !strings.Contains(masked, "?page=2&code=«redacted:param:") || !strings.HasSuffix(masked, "&next=%2F") {
		t.Errorf("maskURL = %s", masked)
	}
	for _, v := range []string{"cookieValue1", "cookieValue2", "cookieValue3", "bearerValue4", "codeValue5", "st/ate6"} {
		if !got[v] {
			t.Errorf("%s was not registered (registered: %v)", v, got)
		}
	}
}
