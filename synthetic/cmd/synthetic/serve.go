package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"syscall"
	"time"

	"github.com/smokegate/smokegate/harness/proc"
	"github.com/smokegate/smokegate/harness/report"
	"github.com/smokegate/smokegate/synthetic"
	"github.com/smokegate/smokegate/synthetic/delivery"
	"github.com/smokegate/smokegate/synthetic/schedule"
	"github.com/smokegate/smokegate/synthetic/scheduler"
	"github.com/smokegate/smokegate/synthetic/status"
)

// serve runs the checks on their schedules until SIGTERM or SIGINT.
func serve(args []string) int {
	var c common
	fs := flag.NewFlagSet("synthetic serve", flag.ContinueOnError)
	c.flags(fs)
	listen := fs.String("listen", "", "address of /metrics and the status page (default: listen in synthetic.yml, :9120)")
	deliveryOnly := fs.Bool("delivery-only", false, "serve the delivery endpoints (verdicts, windows, run-now) and run no check on a schedule: a verdict server for a pipeline, which never probes production on its own")
	if err := fs.Parse(args); err != nil {
		return report.ExitUndecided
	}
	if err := c.load(); err != nil {
		fmt.Fprintln(os.Stderr, "synthetic:", err)
		return report.ExitUndecided
	}
	if *listen != "" {
		c.sched.Listen = *listen
	}
	if err := proc.BecomeSubreaper(); err != nil {
		fmt.Fprintln(os.Stderr, "synthetic: Chromium's orphaned helpers will not be reaped:", err)
	}
	removeTemp, err := proc.PrivateTempDir("synthetic-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "synthetic:", err)
		return report.ExitUndecided
	}
	defer removeTemp()
	if *deliveryOnly && c.sched.APIToken == "" {
		fmt.Fprintln(os.Stderr, "synthetic: -delivery-only serves only the delivery endpoints, which are off without SYNTHETIC_API_TOKEN: set it")
		return report.ExitUndecided
	}
	a := newApp(c, true, os.Stdout)
	ln, err := net.Listen("tcp", c.sched.Listen)
	if err != nil {
		fmt.Fprintf(os.Stderr, "synthetic: listen on %s (listen in %s, or -listen): %v\n", c.sched.Listen, describe(c.sched), err)
		return report.ExitUndecided
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	mux := a.mux()
	a.delivery(ctx).Register(mux)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	s := &scheduler.Scheduler{
		Checks: c.sched.Checks, Run: a.scheduled, MaxJitter: c.sched.MaxJitter, Grace: c.sched.ShutdownGrace,
		Started: a.started, Finished: a.finished, Missed: a.missed, Idle: a.reap,
	}
	if *deliveryOnly {
		fmt.Printf("synthetic: serving the delivery endpoints, /metrics and the status page on http://%s; no check runs on a schedule\n", ln.Addr())
		<-ctx.Done()
	} else {
		fmt.Printf("synthetic: serving /metrics and the status page on http://%s; checks: %v\n", ln.Addr(), c.sched.Names())
		go a.tick(ctx, 30*time.Second)
		s.Serve(ctx)
	}
	a.runs.Lock() // the delivery runs, cancelled with ctx, end and clean up
	a.runs.Unlock()
	fmt.Println("synthetic: stopping: the runs in progress ended and were recorded")
	shutdown(srv)
	a.sends.Wait()
	a.reap()
	return 0
}

// mux serves the metrics, the status page, the reports and a liveness probe.
func (a *app) mux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.metrics.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	// Only the runner's own reports: never the folder above (it may hold .env).
	mux.Handle("GET /reports/", http.StripPrefix("/reports/", http.FileServer(http.Dir(a.runsRoot()))))
	mux.Handle("GET /{$}", status.Handler(a.store, a.runsRoot(), a.redact, a.extras))
	return mux
}

// deployCheck is the whole runbook, run for a deploy's verdict.
var deployCheck = schedule.Check{Name: "deploy", Every: time.Hour, Deadline: 15 * time.Minute, Browser: true}

// delivery is the endpoints for rollout controllers and deploy scripts,
// behind SYNTHETIC_API_TOKEN. Their runs end with ctx (SIGTERM).
func (a *app) delivery(ctx context.Context) *delivery.Server {
	a.windows = &delivery.Windows{Closed: a.deployed, Changed: a.deployWindow}
	a.prepareOnDemand(deployCheck.Name)
	run := func(ctx context.Context, c schedule.Check, kind, version string) synthetic.Outcome {
		a.runs.RLock()
		defer a.runs.RUnlock()
		p := *a.prober
		if version != "" { // the target must serve the deploy under test
			env := p.Env
			if env == nil {
				env = os.Environ()
			}
			p.Env = append(slices.Clone(env), "SMOKE_EXPECT_VERSION="+version)
		}
		o := p.Run(ctx, c)
		o.Kind = kind
		a.finished(o)
		return o
	}
	return &delivery.Server{
		Token:   a.sched.APIToken,
		Windows: a.windows,
		Verdicts: &delivery.Verdicts{Context: ctx, Gate: func(ctx context.Context, version string) synthetic.Outcome {
			return run(ctx, deployCheck, synthetic.OnDemandVerdict, version)
		}},
		RunNow: func(rctx context.Context, name string) (synthetic.Outcome, error) {
			c, ok := a.sched.Check(name)
			if !ok {
				return synthetic.Outcome{}, delivery.ErrUnknownCheck
			}
			release, err := a.claim(name, false)
			if err != nil {
				return synthetic.Outcome{}, err
			}
			defer release()
			return run(rctx, c, synthetic.OnDemandRun, ""), nil
		},
	}
}

func shutdown(srv *http.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(os.Stderr, "synthetic: stop the HTTP server:", err)
	}
}
