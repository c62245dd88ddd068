package main

import (
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"

	"github.com/smokegate/smokegate/harness/report"
)

// receiver is an in-process OTLP/HTTP trace receiver: it keeps every span
// it is sent, by trace id.
type receiver struct {
	mu    sync.Mutex
	spans map[string][]string // trace id -> span names
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	var req coltrace.ExportTraceServiceRequest
	if err := proto.Unmarshal(b, &req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	for _, rs := range req.ResourceSpans {
		for _, ss := range rs.ScopeSpans {
			for _, sp := range ss.Spans {
				id := hex.EncodeToString(sp.TraceId)
				rc.spans[id] = append(rc.spans[id], sp.Name)
			}
		}
	}
	w.Header().Set("Content-Type", "application/x-protobuf")
	out, _ := proto.Marshal(&coltrace.ExportTraceServiceResponse{})
	_, _ = w.Write(out)
}

// With OTEL_EXPORTER_OTLP_ENDPOINT set, each test of a gate run is one
// trace whose id is its JUnit property trace.id: the test's span and a
// span per API request. Without it nothing is exported.
func TestOTLPTraces(t *testing.T) {
	if testing.Short() || runtime.GOOS != "linux" {
		t.Skip("runs the built gate against the sandbox")
	}
	bin := buildGate(t)
	rc := &receiver{spans: map[string][]string{}}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	dir := t.TempDir()
	code, out := runBinary(t, filepath.Join(bin, "smokegate"), dir, map[string]string{
		"SMOKE_TARGET": "sandbox", "OTEL_EXPORTER_OTLP_ENDPOINT": srv.URL, "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
	})
	if code != report.ExitPass {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	junit, err := os.ReadFile(filepath.Join(dir, "reports", "latest", "junit.xml"))
	if err != nil {
		t.Fatal(err)
	}
	ids := traceIDs(string(junit))
	if len(ids) != 7 {
		t.Fatalf("%d trace.id properties in junit.xml, want one per test: %v", len(ids), ids)
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	for _, id := range ids {
		names := rc.spans[id]
		requests := 0
		for _, n := range names {
			if strings.HasPrefix(n, "GET ") || strings.HasPrefix(n, "POST ") || strings.HasPrefix(n, "DELETE ") || strings.HasPrefix(n, "OPTIONS ") {
				requests++
			}
		}
		if requests == 0 || len(names) != requests+1 {
			t.Errorf("trace %s: spans %q, want the test's span and one per API request", id, names)
		}
	}
	if len(rc.spans) != len(ids) {
		t.Errorf("%d traces received, want %d (one per test)", len(rc.spans), len(ids))
	}
}

// traceIDs lists the values of the trace.id properties in a JUnit file.
func traceIDs(junit string) []string {
	var ids []string
	const key = `name="trace.id" value="`
	for rest := junit; ; {
		i := strings.Index(rest, key)
		if i < 0 {
			return ids
		}
		rest = rest[i+len(key):]
		ids = append(ids, rest[:strings.IndexByte(rest, '"')])
	}
}
