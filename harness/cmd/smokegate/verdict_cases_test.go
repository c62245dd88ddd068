package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// makeSmoke runs make smoke, the README's main command, in the checkout,
// with the sandbox's faults, and returns make's own exit code.
func makeSmoke(faults string) func(t *testing.T) (int, string) {
	return func(t *testing.T) (int, string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "make", "--no-print-directory", "smoke")
		cmd.Dir = repoRoot(t)
		env := gateEnv(shortTempDir(t), map[string]string{"SANDBOX_FAULTS": faults, "SMOKE_REPORT_DIR": t.TempDir()})
		cmd.Env = withoutMake(env)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		_ = cmd.Run()
		return cmd.ProcessState.ExitCode(), out.String()
	}
}

// withoutMake drops the variables a make running this test passes down,
// so the make under test starts as a user's would.
func withoutMake(env []string) []string {
	var out []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if name != "MAKEFLAGS" && name != "MAKELEVEL" && name != "MFLAGS" && name != "MAKEOVERRIDES" {
			out = append(out, kv)
		}
	}
	return out
}

// deletedPackage copies the module without smoke/promptlens/quota, builds
// it with make build and runs that gate.
func deletedPackage() func(t *testing.T) (int, string) {
	return func(t *testing.T) (int, string) {
		t.Helper()
		copyDir := t.TempDir()
		files, err := exec.Command("git", "-C", repoRoot(t), "ls-files", "--cached", "--others", "--exclude-standard").Output()
		if err != nil {
			t.Fatalf("git ls-files: %v", err)
		}
		for _, f := range strings.Fields(string(files)) {
			if strings.HasPrefix(f, "smoke/promptlens/quota/") {
				continue
			}
			copyFile(t, filepath.Join(repoRoot(t), f), filepath.Join(copyDir, f))
		}
		bin, err := makeBuild(copyDir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(bin) })
		return runBinary(t, filepath.Join(bin, "smokegate"), t.TempDir(), map[string]string{"SMOKE_TARGET": "sandbox"})
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if os.IsNotExist(err) {
		return // deleted in the work tree
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// emptyEnvFile runs the gate with SMOKE_ENV=empty beside an empty
// .env.empty.
func emptyEnvFile(bin string) func(t *testing.T) (int, string) {
	return func(t *testing.T) (int, string) {
		t.Helper()
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, ".env.empty"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		return runBinary(t, filepath.Join(bin, "smokegate"), dir, map[string]string{"SMOKE_ENV": "empty"})
	}
}

// concurrentRuns starts two gates at once in one folder, the second
// against a broken sandbox. It returns the broken run's code, and says
// both codes in its output.
func concurrentRuns(bin string) func(t *testing.T) (int, string) {
	return func(t *testing.T) (int, string) {
		t.Helper()
		dir := t.TempDir()
		codes, outs := make([]int, 2), make([]string, 2)
		var wg sync.WaitGroup
		for i, faults := range []string{"", "history-500"} {
			wg.Go(func() {
				codes[i], outs[i] = runBinary(t, filepath.Join(bin, "smokegate"), dir, map[string]string{"SMOKE_TARGET": "sandbox", "SANDBOX_FAULTS": faults})
			})
		}
		wg.Wait()
		return codes[1], fmt.Sprintf("%s\n%s\ncodes %d and %d", outs[0], outs[1], codes[0], codes[1])
	}
}

// killChromium kills the gate's Chromium with SIGKILL once health has
// passed, while the browser tests run: they end as retryable gate errors,
// run again on a new Chromium and pass as flaky.
func killChromium(bin string) func(t *testing.T) (int, string) {
	return func(t *testing.T) (int, string) {
		t.Helper()
		tmp := shortTempDir(t)
		ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, filepath.Join(bin, "smokegate"))
		cmd.Dir = t.TempDir()
		cmd.Env = gateEnv(tmp, map[string]string{"SMOKE_TARGET": "sandbox"})
		pipe, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = cmd.Stdout
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var out strings.Builder
		var killed atomic.Int64
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			out.WriteString(sc.Text() + "\n")
			if strings.Contains(sc.Text(), "✓ health/") {
				go func() { killed.Store(int64(killWhenPageOpen(tmp))) }()
			}
		}
		_ = cmd.Wait()
		fmt.Fprintf(&out, "(killed %d Chromium processes)\n", killed.Load())
		if killed.Load() == 0 {
			t.Error("no Chromium process of the run was found to kill")
		}
		return cmd.ProcessState.ExitCode(), out.String()
	}
}

// killWhenPageOpen waits until a test has a page of the target open in
// the run's shared Chromium (its DevTools lists a page at an http URL),
// then kills the browser.
func killWhenPageOpen(tmp string) int {
	for end := time.Now().Add(time.Minute); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if pageOpenIn(tmp) {
			return killBrowsers(tmp)
		}
	}
	return 0
}

// pageOpenIn tells whether a browser of the run whose TMPDIR is tmp shows
// a page at an http URL: a check is under way.
func pageOpenIn(tmp string) bool {
	client := &http.Client{Timeout: time.Second}
	for _, pid := range chromium(tmp, "") {
		if pageOpen(client, pid) {
			return true
		}
	}
	return false
}

// pageOpen tells whether the browser process pid shows a page at an http
// URL, read through the DevTools port it wrote into its profile.
func pageOpen(client *http.Client, pid int) bool {
	cmdline, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	var profile string
	for _, arg := range strings.Split(string(cmdline), "\x00") {
		if v, ok := strings.CutPrefix(arg, "--user-data-dir="); ok {
			profile = v
		}
	}
	port, err := os.ReadFile(filepath.Join(profile, "DevToolsActivePort"))
	if profile == "" || err != nil {
		return false
	}
	resp, err := client.Get("http://127.0.0.1:" + strings.Fields(string(port))[0] + "/json/list")
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	var targets []struct{ Type, URL string }
	if json.NewDecoder(resp.Body).Decode(&targets) != nil {
		return false
	}
	for _, tg := range targets {
		if tg.Type == "page" && strings.HasPrefix(tg.URL, "http") {
			return true
		}
	}
	return false
}

// chromium lists the Chromium processes whose command line names tmp and
// holds flag ("" for the browser processes themselves, not their helpers).
func chromium(tmp, flag string) []int {
	var pids []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cmdline, _ := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		args := strings.Split(string(cmdline), "\x00")
		if !strings.Contains(args[0], "chrom") || !bytes.Contains(cmdline, []byte(tmp)) {
			continue
		}
		helper := bytes.Contains(cmdline, []byte("--type="))
		if (flag == "" && !helper) || (flag != "" && bytes.Contains(cmdline, []byte(flag))) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// killBrowsers kills with SIGKILL every Chromium browser process (not its
// helpers) whose command line names tmp.
func killBrowsers(tmp string) int {
	n := 0
	for _, pid := range chromium(tmp, "") {
		if syscall.Kill(pid, syscall.SIGKILL) == nil {
			n++
		}
	}
	return n
}

// badAPI serves /api/health the wrong way: 502 with an HTML page, a 301
// to a healthy API, a redirect loop, a healthy answer over a self-signed
// certificate, or 50 MB of body.
func badAPI(t *testing.T, kind string) string {
	t.Helper()
	healthy := func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"success":true,"data":{"status":"ok","database":"connected","version":"v9"}}`)
	}
	var h http.HandlerFunc
	switch kind {
	case "502":
		h = func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			_, _ = io.WriteString(w, "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>")
		}
	case "301":
		target := httptest.NewServer(http.HandlerFunc(healthy))
		t.Cleanup(target.Close)
		h = func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, target.URL+r.URL.Path, http.StatusMovedPermanently)
		}
	case "loop":
		h = func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, r.URL.Path, http.StatusFound) }
	case "tls":
		srv := httptest.NewTLSServer(http.HandlerFunc(healthy))
		t.Cleanup(srv.Close)
		return srv.URL
	case "50mb":
		h = func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"success":true,"data":{"status":"ok","database":"connected","pad":"`)
			chunk := bytes.Repeat([]byte("x"), 1<<20)
			for range 50 {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
			_, _ = io.WriteString(w, `"}}`)
		}
	default:
		t.Fatalf("no bad API %q", kind)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}
