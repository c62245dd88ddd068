package browser

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/smokegate/smokegate/harness/config"
)

func TestBadInputIsNamed(t *testing.T) {
	tests := []struct {
		name string
		run  func() error
		want string
	}{
		{"missing chrome path", func() error { _, err := FindChrome("/nope/chromium"); return err }, "SMOKE_CHROME_PATH"},
		{"extension without manifest", func() error { _, err := PrepareExtension(t.TempDir(), "http://x"); return err }, "manifest.json"},
		{"launch with a bad extension folder", func() error {
			_, err := Launch(context.Background(), Options{ExtensionDir: t.TempDir()})
			return err
		}, "SMOKE_EXTENSION_PATH"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one naming %s", err, tc.want)
			}
		})
	}
}

func TestPrepareExtensionWritesConfig(t *testing.T) {
	src := t.TempDir()
	if err := os.WriteFile(filepath.Join(src, "manifest.json"), []byte(`{"manifest_version":3}`), 0o644); err != nil {
		t.Fatal(err)
	}
	dir, err := PrepareExtension(src, "http://127.0.0.1:1234")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	b, err := os.ReadFile(filepath.Join(dir, "config.json"))
	if err != nil || !strings.Contains(string(b), `"apiBaseUrl":"http://127.0.0.1:1234"`) {
		t.Errorf("config.json = %s, %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(src, "config.json")); err == nil {
		t.Error("the source folder was changed")
	}
}

// A real Chromium opens a page, and its console and snapshot are captured.
func TestLaunchTabAndEvidence(t *testing.T) {
	const serverTime = 150 * time.Millisecond
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(serverTime)
		fmt.Fprint(w, `<html><title>t</title><body><p id="x">hello</p><script>console.error("boom-123")</script></body></html>`)
	}))
	defer srv.Close()
	start := time.Now()
	b, err := Launch(context.Background(), Options{})
	if err != nil {
		t.Fatalf("Launch: %v", err)
	}
	defer b.Close()
	t.Logf("browser started in %s", time.Since(start).Round(time.Millisecond))
	tab, cancel := b.Tab()
	defer cancel()
	if err := chromedp.Do(tab); err != nil {
		t.Fatal(err)
	}
	console := Watch(tab)
	ctx, stop := context.WithTimeout(tab, 10*time.Second)
	defer stop()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#x")))
	if err != nil || text != "hello" {
		t.Fatalf("text = %q, %v", text, err)
	}
	page, err := ReadPage(ctx)
	if err != nil || !page.Answered || page.Answer < serverTime || page.Answer > 10*serverTime || !strings.HasPrefix(page.URL, srv.URL) {
		t.Errorf("ReadPage = %+v, %v; want the document answered in at least %s", page, err, serverTime)
	}
	png, html := Snapshot(ctx)
	if len(png) < 100 || !strings.Contains(html, "hello") {
		t.Errorf("snapshot: %d bytes of PNG, html %q", len(png), html)
	}
	deadline := time.Now().Add(3 * time.Second)
	for !strings.Contains(console.String(), "boom-123") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(console.String(), "boom-123") {
		t.Errorf("console did not catch the page's error: %q", console.String())
	}
}

// One browser launched Shared serves another client through Connect, and
// two isolated tabs do not see each other's cookies or storage.
func TestSharedBrowserIsolatesTabs(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<html><body>ok</body></html>`)
	}))
	defer srv.Close()
	owner, err := Launch(context.Background(), Options{Shared: true})
	if err != nil {
		t.Fatalf("Launch: %v", err)
	}
	defer owner.Close()
	if !strings.HasPrefix(owner.DevToolsURL, "ws://") {
		t.Fatalf("DevToolsURL = %q, want a ws:// address", owner.DevToolsURL)
	}
	b, err := Connect(context.Background(), owner.DevToolsURL, false)
	if err != nil {
		t.Fatalf("Connect: %v", err)
	}
	defer b.Close()
	read := `document.cookie + "|" + (localStorage.getItem("k") || "")`
	first, closeFirst := b.IsolatedTab()
	defer closeFirst()
	ctx, stop := context.WithTimeout(first, 10*time.Second)
	defer stop()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.cookie = "sid=first; path=/"; localStorage.setItem("k", "first"); "set"`)); err != nil {
		t.Fatal(err)
	}
	if got, err := chromedp.Run(ctx, chromedp.Evaluate[string](read)); err != nil || got != "sid=first|first" {
		t.Fatalf("the first tab reads %q, %v", got, err)
	}
	second, closeSecond := b.IsolatedTab()
	defer closeSecond()
	ctx2, stop2 := context.WithTimeout(second, 10*time.Second)
	defer stop2()
	if err := chromedp.Do(ctx2, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	if got, err := chromedp.Run(ctx2, chromedp.Evaluate[string](read)); err != nil || got != "|" {
		t.Errorf("the second isolated tab reads %q (%v), want no cookie and no storage of the first", got, err)
	}
}

// A binary that is not Chromium is named with how it ended.
func TestDiagnose(t *testing.T) {
	tests := []struct{ path, want string }{
		{"/bin/false", "exited with exit status 1 and printed nothing"},
		{"/bin/echo", "not a Chromium version"},
		{"/nonexistent/chrome", "could not run"},
	}
	for _, tc := range tests {
		if got := diagnose(context.Background(), tc.path); !strings.Contains(got, tc.want) {
			t.Errorf("diagnose(%s) = %q, want it to contain %q", tc.path, got, tc.want)
		}
	}
}

// Pages goes to the headless shell, or to the extension's Chromium when
// there is no shell and an extension is under test (one full Chromium per
// run); Extension is always itself.
func TestResolve(t *testing.T) {
	for _, tc := range []struct {
		ext, shell string
		kind, want Kind
	}{
		{"", "", Pages, Pages},
		{"/ext", "", Pages, Extension},
		{"/ext", "/shell", Pages, Pages},
		{"", "/shell", Pages, Pages},
		{"/ext", "/shell", Extension, Extension},
		{"/ext", "", Extension, Extension},
	} {
		cfg := &config.Config{ExtensionPath: tc.ext, HeadlessShell: tc.shell}
		if got := Resolve(cfg, tc.kind); got != tc.want {
			t.Errorf("extension %q, shell %q: %s serves %s, want %s", tc.ext, tc.shell, got, tc.kind, tc.want)
		}
	}
}
