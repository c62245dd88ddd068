package harness

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/smokegate/smokegate/harness/api"
	"github.com/smokegate/smokegate/harness/browser"
	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/report"
)

// cleanupGrace is kept back from a test's context for evidence and cleanup.
const cleanupGrace = 5 * time.Second

// deadlineFactor sets a test's hard deadline at this many budgets (plus
// cleanupGrace). The budget is the runbook's time for a person to run the
// check; a starved machine may need more, and the target's own figures
// (S.Limit) are what decide whether the product is slow.
const deadlineFactor = 3

// Option sets up a test.
type Option func(*S)

// Advice is what the on-call engineer should do when the test fails: the
// runbook's action on failure, appended to every failure message.
func Advice(text string) Option { return func(s *S) { s.advice = text } }

// TB is the part of *testing.T the harness uses, so its own tests can
// drive it with a fake.
type TB interface {
	Helper()
	Name() string
	Log(args ...any)
	Logf(format string, args ...any)
	Error(args ...any)
	Fatal(args ...any)
	Skip(args ...any)
	Skipped() bool
	Failed() bool
	Cleanup(func())
	Attr(key, value string)
	ArtifactDir() string
}

// WarmBrowser starts the binary's browser of kind in the background as the
// test begins, so its start-up overlaps the test's first steps.
func WarmBrowser(kind browser.Kind) Option { return func(s *S) { s.warm = &kind } }

// S is one smoke test's handle: the test's life and its verdict, and
// nothing a check could do without it. Its methods, each of which checks
// need:
//   - Ctx, Config, Email: the test's deadline, the validated
//     configuration, and the address of this run's test account for a tag;
//   - Step, Property, Warn, Evidence: what the report holds of the test:
//     its steps, suite properties, a warning that needs no roll-back, files;
//   - Limit, LimitOf: a figure measured on the target held to the
//     runbook's limit of that name, and the limit itself to size a wait;
//   - Secret: a value the test minted or received, masked from then on;
//   - Failf, GateErrorf, Skipf: the three ends of a test (a product
//     failure, unless an error made by Own or Explain says whose it is; a
//     gate error; a skip), and Advise, the advice a failure carries;
//   - Check: testify's assertions on what the test read back, each failed
//     one a product failure, the test going on;
//   - Cleanup: what the test made, removed when it ends (Settled: once
//     more when a request cut short may still land).
//
// Clients are functions over it: API and Client for HTTP, Browser, Tab and
// ExtensionTab for Chromium, and Shared for what a test binary opens once
// (a database connection). A product's own clients live with the product
// (smoke/<runbook>/internal).
type S struct {
	t      TB
	bin    *binary
	ctx    context.Context
	start  time.Time
	budget time.Duration
	advice string

	steps    []string
	evidence []string
	props    map[string]string
	status   report.Status
	message  string
	detail   string
	skipped  bool
	blocking bool
	api      *api.Client // API's
	warm     *browser.Kind
	overhead time.Duration // the gate's own set-up inside the test, e.g. starting Chromium
	load     *loadProbe
	figures  []string // "name: measured (limit)" of every target figure
	warnings []string // what a passing test noticed that needs no roll-back (Warn)
	// usedBrowsers are the browsers the test asked for; retryable marks
	// a gate error of the infrastructure that a second attempt may clear.
	usedBrowsers []*onceBrowser
	retryable    bool
	// traceID is on every API request of the test (W3C traceparent), a
	// suite property and part of a failure's message.
	traceID string
	span    trace.Span // the test's exported span; nil without OTLP
}

// Start begins a smoke test of the check, with the runbook's budget for
// it. It skips the test (blocking the gate unless it is optional) when the
// configuration lacks what the test needs, and ends it as a gate error
// when the target could not be prepared.
func (c *Check) Start(t *testing.T, opts ...Option) *S {
	t.Helper()
	if c.bin == nil {
		t.Fatal("check.Start needs check.Main in the package's TestMain")
	}
	return start(t, c.bin, opts...)
}

func start(t TB, r *binary, opts ...Option) *S {
	t.Helper()
	s := &S{t: redactingTB{t, r}, bin: r, start: time.Now(), budget: r.budget(), props: map[string]string{}, load: startLoadProbe(), traceID: api.NewTraceID()}
	s.props["trace.id"] = s.traceID
	s.span = r.tracing.testSpan(s.traceID, r.pkg+"/"+t.Name())
	for _, o := range opts {
		o(s)
	}
	parent := r.interrupt
	if parent == nil {
		parent = context.Background()
	}
	ctx, cancel := context.WithTimeout(parent, deadlineFactor*s.budget+cleanupGrace)
	s.ctx = ctx
	t.Cleanup(func() { cancel(); s.finish() })
	if r.setup != nil {
		s.GateErrorf("%v", r.setup)
	}
	if missing := r.cfg.MissingFor(r.check); r.cfg.Target == config.Remote && len(missing) > 0 {
		s.blocking = !r.cfg.IsOptional(r.name)
		s.Skipf("not configured: set %s", strings.Join(missing, ", "))
	}
	if why := r.cfg.ReadOnlySkip(r.check); why != "" {
		s.Skipf("%s", why)
	}
	if s.warm != nil {
		go r.startBrowser(*s.warm)
	}
	return s
}

// defaultBudget stands in for the runbook's budget when the binary could
// not read its runbook; the test then ends as a gate error saying why.
const defaultBudget = 30 * time.Second

// budget is the runbook's time for the check (runbook.yml, budget:).
// Going over it while every target figure is within its limit is a
// warning, not a failure: the machine was slow, not the product.
func (r *binary) budget() time.Duration {
	if b := time.Duration(r.check.Budget); b > 0 {
		return b
	}
	return defaultBudget
}

// Advise replaces the advice that a product failure from here on carries,
// for a test whose steps point the on-call engineer at different places.
func (s *S) Advise(text string) { s.advice = text }

// Ctx is the test's context: it ends at deadlineFactor budgets plus a
// grace period.
func (s *S) Ctx() context.Context { return s.ctx }

// Config is the validated configuration, with the sandbox's values when the
// target is the sandbox.
func (s *S) Config() *config.Config { return s.bin.cfg }

// Email returns the address of this run's test account for tag. It always
// matches the test account pattern of the default configuration.
func (s *S) Email(tag string) string {
	return fmt.Sprintf("smoke+%s-%s@%s", s.bin.cfg.RunID, tag, s.bin.cfg.AccountDomain)
}

// Step logs what the test is doing, with the time since it started; the
// step log goes into the report.
func (s *S) Step(format string, args ...any) {
	s.t.Helper()
	line := fmt.Sprintf("%7s  %s", report.Round(time.Since(s.start)), s.bin.redact(fmt.Sprintf(format, args...)))
	s.steps = append(s.steps, line)
	s.t.Log(line)
}

// Property records a value for the suite's properties, e.g. the deploy
// version read from the health answer.
func (s *S) Property(name, value string) {
	value = s.bin.redact(value)
	s.props[name] = value
	s.attrs(report.PropertyAttrs(name, value))
}

// attrs reports attributes on the test stream, where the runner reads them.
func (s *S) attrs(attrs []report.Attr) {
	for _, a := range attrs {
		s.t.Attr(a.Key, a.Value)
	}
}

// API is the test's client of the backend API (SMOKE_API_URL): one per
// test, so that Last is the test's last exchange with it.
func API(s *S) *api.Client {
	if s.api == nil {
		s.api = Client(s, api.Options{BaseURL: s.bin.cfg.APIURL, Name: "API", Variable: "SMOKE_API_URL", AnswersJSON: true})
	}
	return s.api
}

// Client is a new client of the target o names (base URL, name, variable),
// wired to the test: its timeout, context, redactor, secrets, trace and
// verdict. When the test fails, its exchanges become evidence.
func Client(s *S, o api.Options) *api.Client {
	o.Timeout, o.Context, o.Redact, o.TLS, o.Secret = s.bin.cfg.RequestTimeout, s.ctx, s.bin.redact, s.bin.cfg.TLS(), s.bin.secrets.Add
	o.TraceID, o.Span = s.traceID, s.bin.tracing.requestSpans(s.span)
	o.Fail = func(f api.Failure) {
		advice := ""
		if f.Diagnosis != nil {
			advice = f.Diagnosis.Advice
		}
		s.end(targetStatus(f.Err), f.Message, f.Detail, advice)
	}
	c := api.New(o)
	s.t.Cleanup(func() {
		if s.t.Failed() {
			s.Evidence(o.Name+"-exchanges.txt", []byte(c.Transcript()))
		}
	})
	return c
}

// Failf ends the test as a product failure: say what was expected and what
// came back; the test's Advice is added. An error among args that Own or
// Explain made decides instead: a gate error when it is the gate's, and
// the advice that fits its cause when it has one.
func (s *S) Failf(format string, args ...any) {
	s.t.Helper()
	f := faultIn(args)
	s.end(f.status, fmt.Sprintf(format, args...), "", f.advice)
}

// GateErrorf ends the test as a gate error: the gate could not check the
// product (browser crashed, configuration wrong, harness bug).
func (s *S) GateErrorf(format string, args ...any) {
	s.t.Helper()
	s.end(report.Errored, fmt.Sprintf(format, args...), "", "")
}

// Skipf ends the test as skipped with the reason.
func (s *S) Skipf(format string, args ...any) {
	s.t.Helper()
	s.skipped = true
	s.message = s.bin.redact(fmt.Sprintf(format, args...))
	s.t.Skip(s.message)
}

// end records the verdict (see note) and stops the test.
func (s *S) end(status report.Status, msg, detail, advice string) {
	s.t.Helper()
	s.note(status, msg, detail, advice)
	s.t.Fatal(s.message)
}

// note records the test's verdict unless it has one: the first failure is
// the one reported. advice, when not empty, replaces the test's Advice.
func (s *S) note(status report.Status, msg, detail, advice string) {
	s.t.Helper()
	if s.status == "" {
		s.status = status
		s.message = s.bin.redact(msg)
		if advice == "" && status == report.Failed {
			advice = s.advice
		}
		if advice != "" {
			s.message = withAdvice(s.message, advice)
		}
		if status == report.Failed {
			s.message += " [trace " + s.traceID + "]"
		}
		s.detail = s.bin.redact(detail)
	}
}

// withAdvice adds the advice to the message's first line, which the
// verdict shows; the lines after it (a diff) stay below.
func withAdvice(msg, advice string) string {
	first, rest, multi := strings.Cut(msg, "\n")
	if !multi {
		return msg + " — " + advice
	}
	return first + " — " + advice + "\n" + rest
}
