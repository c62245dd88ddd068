package harness

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/report"
	"github.com/smokegate/smokegate/harness/runbook"
	"github.com/smokegate/smokegate/harness/sandbox"
)

// StartSandbox starts a product's sandbox (see package sandbox); the
// product's fixtures provide one, the harness only calls it.
type StartSandbox = sandbox.Start

// binary is the state of one smoke test binary (the gate's run is
// runner.run).
type binary struct {
	cfg    *config.Config
	check  runbook.Check // this package's check in its runbook
	redact func(string) string
	// secrets is what the run minted or received; redact masks it too.
	secrets *config.Registry
	root    string
	name    string    // the runbook check, e.g. "health"
	pkg     string    // "smoke/<name>", the span's name
	started time.Time // when the binary started
	// properties are the run's own, which every case reports with its own.
	properties []report.Property
	setup      error // the gate could not prepare the target
	// interrupt ends when the binary is asked to stop; nil: never.
	interrupt context.Context
	mu        sync.Mutex
	stoppedAt time.Time // when interrupt ended (under mu); zero: not yet

	shared *sharedResources
	// tracing exports each test as a span tree over OTLP; nil: not set up.
	tracing *tracing
}

// Check is a smoke package's hold on the harness: the package keeps it in
// a variable, its TestMain calls Main, and each test calls Start. It holds
// the test binary's run, so the harness itself keeps no state.
//
//	var check = harness.NewCheck(sandboxstart.Starter)
//
//	func TestMain(m *testing.M) { check.Main(m) }
type Check struct {
	start StartSandbox
	bin   *binary
}

// NewCheck is the check of a smoke package whose sandbox, when
// SMOKE_TARGET is sandbox, start starts (nil: it has none).
func NewCheck(start StartSandbox) *Check { return &Check{start: start} }

// Main runs the package's tests m and exits the process.
func (c *Check) Main(m *testing.M) {
	os.Exit(c.mainRun(m))
}

func (c *Check) mainRun(m *testing.M) int {
	start := c.start
	root := findRoot()
	name := suiteName()
	// SIGINT or SIGTERM (the gate stopping, CI cancelling) ends the tests'
	// contexts, so each test stops where it is and its cleanup still runs.
	interrupt, stopSignals := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stopSignals()
	r := &binary{root: root, redact: func(s string) string { return s }, interrupt: interrupt, secrets: config.NewRegistry(""), shared: newSharedResources()}
	r.name, r.pkg, r.started = name, "smoke/"+name, time.Now()
	c.bin = r
	context.AfterFunc(interrupt, func() {
		r.mu.Lock()
		r.stoppedAt = time.Now()
		r.mu.Unlock()
	})

	stop := r.prepare(start)
	if tr, err := startTracing(name); err != nil {
		r.setup = err
	} else {
		r.tracing = tr
	}
	code := m.Run()
	// Each test reported its case on the test stream as it ended; after
	// an interrupt the runner's grace may end while the connections close
	// and the traces go out.
	r.closeShared()
	if err := r.tracing.stop(); err != nil {
		fmt.Fprintln(os.Stderr, "smokegate: export the traces:", r.redact(err.Error()))
	}
	if stop != nil {
		if err := stop(); err != nil {
			fmt.Fprintln(os.Stderr, "smokegate: stop sandbox:", err)
		}
	}
	return code
}

// stopped returns when the binary was asked to stop, if it was (now, if
// the signal is so recent that its time is not noted yet).
func (r *binary) stopped() (time.Time, bool) {
	if r.interrupt == nil || r.interrupt.Err() == nil {
		return time.Time{}, false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stoppedAt.IsZero() {
		return time.Now(), true
	}
	return r.stoppedAt, true
}

// prepare loads the configuration and starts the sandbox. A problem is kept
// in r.setup, and every test then ends as a gate error naming it.
func (r *binary) prepare(start StartSandbox) (stop func() error) {
	rbPath, err := runbookPath()
	if err != nil {
		r.setup = err
		return nil
	}
	cfg, err := config.Load(config.Source{Dir: r.root, Runbooks: filepath.Dir(filepath.Dir(rbPath)), Runbook: filepath.Base(filepath.Dir(rbPath))})
	if err != nil {
		r.setup = err
		return nil
	}
	r.cfg = cfg
	if err := config.CheckLedger(cfg.SecretLedger, r.reportDir()); err != nil {
		r.setup = err
		return nil
	}
	r.secrets = config.NewRegistry(cfg.SecretLedger)
	r.redact = r.redactor()
	if r.check, err = ownCheck(rbPath, r.name); err != nil {
		r.setup = err
		return nil
	}
	// Under the gate the folder is ready and marked; run alone, the binary
	// makes and marks it, and adds to it without clearing.
	if err := report.PrepareDir(r.reportDir(), r.root, false); err != nil {
		r.setup = err
		return nil
	}
	if cfg.Target == config.Sandbox {
		if _, stop, err = sandbox.Up(context.Background(), start, cfg); err != nil {
			r.setup = err
			return nil
		}
		r.redact = r.redactor()
	}
	r.properties = r.runProperties()
	return stop
}

// redactor masks, in this order, the secrets the run registered, the
// configured ones and the shapes. It reads the registry at each call, so
// a client made before a secret was registered still masks it.
func (r *binary) redactor() func(string) string {
	byConfig := r.cfg.Redactor()
	return func(s string) string { return byConfig(r.secrets.Redact(s)) }
}

// runProperties are the run's own properties: target, addresses, run id,
// revision, deploy and faults.
func (r *binary) runProperties() []report.Property {
	c := r.cfg
	props := []report.Property{
		{Name: "target", Value: string(c.Target)},
		{Name: "api.url", Value: c.APIURL},
		{Name: "run.id", Value: c.RunID},
		{Name: "start", Value: r.started.UTC().Format(time.RFC3339)},
	}
	for _, p := range c.URLProperties() {
		props = append(props, report.Property{Name: p[0], Value: p[1]})
	}
	if c.GitSHA != "" {
		props = append(props, report.Property{Name: "git.sha", Value: c.GitSHA})
	}
	if c.DeployID != "" {
		props = append(props, report.Property{Name: "deploy.id", Value: c.DeployID})
	}
	if len(c.SandboxFaults) > 0 && c.Target == config.Sandbox {
		props = append(props, report.Property{Name: "sandbox.faults", Value: fmt.Sprint(c.SandboxFaults)})
	}
	return props
}

func (r *binary) reportDir() string {
	dir := "reports"
	if r.cfg != nil {
		dir = r.cfg.ReportDir
	}
	if filepath.IsAbs(dir) {
		return dir
	}
	return filepath.Join(r.root, dir)
}

// findRoot is the folder holding .env and, unless SMOKE_REPORT_DIR is
// absolute, the reports: SMOKE_ROOT when the gate sets it (a compiled test
// binary runs without sources), else the folder with go.mod above the
// working directory (go test), else the working directory. It is read
// before the configuration, which it locates.
func findRoot() string {
	if root, ok := os.LookupEnv("SMOKE_ROOT"); ok && root != "" {
		return root
	}
	wd := mustGetwd()
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		if filepath.Dir(dir) == dir {
			return wd
		}
	}
}

// suiteName is the smoke package's name: go test and make build name its
// binary <name>.test, and go test runs it in the package's folder.
func suiteName() string {
	if name, ok := strings.CutSuffix(filepath.Base(os.Args[0]), ".test"); ok && name != "" {
		return name
	}
	return filepath.Base(mustGetwd())
}

func mustGetwd() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	return wd
}
