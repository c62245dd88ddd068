package harness

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"os"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/smokegate/smokegate/harness/api"
	"github.com/smokegate/smokegate/harness/report"
)

// Each test is one trace: its id goes on every API request (traceparent)
// whether or not anything is exported. When OTEL_EXPORTER_OTLP_ENDPOINT
// (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set, the test is also
// exported over OTLP as a span tree, a span per API request under the
// test's span, configured by OpenTelemetry's standard variables:
// OTEL_EXPORTER_OTLP_PROTOCOL (or ..._TRACES_PROTOCOL) picks
// http/protobuf (the default) or grpc. With no endpoint set nothing is
// exported and nothing waits.

// otlpFlushTimeout bounds the export of a binary's spans at its end.
const otlpFlushTimeout = 5 * time.Second

// tracing is a test binary's exporter, nil when none is configured.
type tracing struct {
	provider *sdktrace.TracerProvider
	tracer   trace.Tracer
}

func startTracing(suite string) (*tracing, error) {
	if os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT") == "" && os.Getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") == "" {
		return nil, nil
	}
	exp, err := otlpExporter(context.Background())
	if err != nil {
		return nil, err
	}
	res := resource.NewSchemaless(attribute.String("service.name", "smokegate"), attribute.String("smokegate.suite", suite))
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	return &tracing{provider: tp, tracer: tp.Tracer("github.com/smokegate/smokegate/harness")}, nil
}

// otlpExporter builds the exporter the protocol variables ask for.
func otlpExporter(ctx context.Context) (sdktrace.SpanExporter, error) {
	name, protocol := "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", os.Getenv("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
	if protocol == "" {
		name, protocol = "OTEL_EXPORTER_OTLP_PROTOCOL", os.Getenv("OTEL_EXPORTER_OTLP_PROTOCOL")
	}
	var exp sdktrace.SpanExporter
	var err error
	switch protocol {
	case "", "http/protobuf":
		exp, err = otlptracehttp.New(ctx)
	case "grpc":
		exp, err = otlptracegrpc.New(ctx)
	default:
		return nil, fmt.Errorf("%s is %q: write grpc or http/protobuf (http/json is not supported)", name, protocol)
	}
	if err != nil {
		return nil, fmt.Errorf("OTLP exporter (check OTEL_EXPORTER_OTLP_ENDPOINT and %s): %w", name, err)
	}
	return exp, nil
}

// stop exports what is left.
func (tr *tracing) stop() error {
	if tr == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), otlpFlushTimeout)
	defer cancel()
	return tr.provider.Shutdown(ctx)
}

// testSpan starts the test's span in the trace traceID; nil without an
// exporter.
func (tr *tracing) testSpan(traceID, name string) trace.Span {
	if tr == nil {
		return nil
	}
	tid, err := trace.TraceIDFromHex(traceID)
	if err != nil {
		return nil
	}
	parent := trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: randomSpanID(), TraceFlags: trace.FlagsSampled, Remote: true})
	_, span := tr.tracer.Start(trace.ContextWithRemoteSpanContext(context.Background(), parent), name)
	return span
}

// requestSpans makes each API request a child span of the test's span.
func (tr *tracing) requestSpans(test trace.Span) api.SpanFunc {
	if tr == nil || test == nil {
		return nil
	}
	return func(req *http.Request) (string, func(int, error)) {
		_, span := tr.tracer.Start(trace.ContextWithSpan(context.Background(), test), req.Method+" "+req.URL.Path,
			trace.WithSpanKind(trace.SpanKindClient),
			trace.WithAttributes(attribute.String("http.request.method", req.Method), attribute.String("url.path", req.URL.Path), attribute.String("server.address", req.URL.Host)))
		return span.SpanContext().SpanID().String(), func(status int, err error) {
			span.SetAttributes(attribute.Int("http.response.status_code", status))
			if err != nil {
				span.SetStatus(codes.Error, "no answer")
			}
			span.End()
		}
	}
}

func randomSpanID() trace.SpanID {
	var id trace.SpanID
	for id == (trace.SpanID{}) {
		_, _ = rand.Read(id[:])
	}
	return id
}

// endSpan ends the test's span with its outcome.
func endSpan(span trace.Span, c report.Case) {
	if span == nil {
		return
	}
	span.SetAttributes(attribute.String("smokegate.status", string(c.Status)))
	if c.Status == report.Failed || c.Status == report.Errored {
		span.SetStatus(codes.Error, c.Message)
	}
	span.End()
}
