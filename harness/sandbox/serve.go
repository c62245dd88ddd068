package sandbox

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/faultmatrix"
)

// Serve is the main of a product's sandbox command (see Command): it
// parses -faults and -matrix from args, starts the sandbox, writes its
// variables as one JSON line to out, and stops it on SIGINT or SIGTERM.
// It returns the process's exit code.
func Serve(args []string, start Start, faults []faultmatrix.Fault, out, errOut io.Writer) int {
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	fs.SetOutput(errOut)
	list := fs.String("faults", "", "comma-separated faults to switch on")
	matrix := fs.Bool("matrix", false, "print the faults, with the check that exists for each, as JSON and exit")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *matrix {
		if err := json.NewEncoder(out).Encode(faults); err != nil {
			fmt.Fprintln(errOut, "sandbox:", err)
			return 1
		}
		return 0
	}
	ctx, stopSignals := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stopSignals()
	startCtx, cancel := context.WithTimeout(ctx, Timeout)
	env, stop, err := start(startCtx, config.List(*list))
	cancel()
	if err != nil {
		fmt.Fprintln(errOut, "sandbox:", err)
		return 1
	}
	if err := json.NewEncoder(out).Encode(env); err != nil {
		fmt.Fprintln(errOut, "sandbox:", err)
		_ = stop()
		return 1
	}
	<-ctx.Done()
	if err := stop(); err != nil {
		fmt.Fprintln(errOut, "sandbox: stop:", err)
		return 1
	}
	return 0
}
