package harness

import (
	"testing"
	"time"
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
