package harness

import (
	"context"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/grpc"
)

// With no OTLP endpoint set nothing is set up, exported or waited for.
func TestNoTracingWithoutEndpoint(t *testing.T) {
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "")
	t.Setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "")
	tr, err := startTracing("health")
	if tr != nil || err != nil {
		t.Fatalf("startTracing = %v, %v; want nothing", tr, err)
	}
	start := time.Now()
	if err := tr.stop(); err != nil || time.Since(start) > 10*time.Millisecond {
		t.Errorf("stop without tracing: %v after %s", err, time.Since(start))
	}
	if tr.testSpan("4bf92f3577b34da6a3ce929d0e0e4736", "x") != nil || tr.requestSpans(nil) != nil {
		t.Error("spans made without an exporter")
	}
}

// collector is an OTLP/gRPC trace collector that records the spans' names.
type collector struct {
	coltracepb.UnimplementedTraceServiceServer
	mu    sync.Mutex
	names []string
}

func (c *collector) Export(_ context.Context, req *coltracepb.ExportTraceServiceRequest) (*coltracepb.ExportTraceServiceResponse, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, rs := range req.GetResourceSpans() {
		for _, ss := range rs.GetScopeSpans() {
			for _, sp := range ss.GetSpans() {
				c.names = append(c.names, sp.GetName())
			}
		}
	}
	return &coltracepb.ExportTraceServiceResponse{}, nil
}

// OTEL_EXPORTER_OTLP_PROTOCOL=grpc exports the test's span over gRPC to
// a real gRPC server; an unknown protocol is an error naming the variable.
func TestTracingProtocols(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	col := &collector{}
	coltracepb.RegisterTraceServiceServer(srv, col)
	go func() { _ = srv.Serve(ln) }()
	defer srv.Stop()

	t.Setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "")
	t.Setenv("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "")
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://"+ln.Addr().String())
	t.Setenv("OTEL_EXPORTER_OTLP_INSECURE", "true")
	t.Setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
	tr, err := startTracing("health")
	if err != nil || tr == nil {
		t.Fatalf("startTracing over grpc: %v, %v", tr, err)
	}
	tr.testSpan("4bf92f3577b34da6a3ce929d0e0e4736", "TestHealth").End()
	if err := tr.stop(); err != nil {
		t.Fatalf("export over grpc: %v", err)
	}
	col.mu.Lock()
	got := col.names
	col.mu.Unlock()
	if len(got) != 1 || got[0] != "TestHealth" {
		t.Errorf("the collector got spans %v, want [TestHealth]", got)
	}

	t.Setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "thrift")
	if _, err := startTracing("health"); err == nil || !strings.Contains(err.Error(), "OTEL_EXPORTER_OTLP_PROTOCOL is \"thrift\"") {
		t.Errorf("an unknown protocol: %v, want an error naming the variable", err)
	}
}
