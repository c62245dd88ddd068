package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/faultmatrix"
	"github.com/smokegate/smokegate/harness/report"
	"github.com/smokegate/smokegate/harness/runner"
)

// proveUsage is the prove command's first usage line.
const proveUsage = "usage: smokegate prove [-runbook name] [-fault name] [-bin dir]"

// proveCmd runs `smokegate prove`: the runbook's fault matrix against its
// own sandbox, one gate run per fault after one with none, and a table of
// what each run caught. It exits 0 when every fault is caught by its check
// and fails nothing it should not, 1 on a miss or a check failed that the
// fault does not touch, 2 when a run could not decide (the runbook fails
// on its sandbox with no fault, a gate error).
func proveCmd(ctx context.Context, args []string, env []string, out, errOut io.Writer) int {
	fs := flag.NewFlagSet("smokegate prove", flag.ContinueOnError)
	fs.SetOutput(errOut)
	book := fs.String("runbook", "", "the runbook to prove (default SMOKE_RUNBOOK, else promptlens)")
	only := fs.String("fault", "", "prove this fault alone")
	binDir := fs.String("bin", "", "folder holding test2json and smoke/<runbook>/ (default: this program's folder)")
	fs.Usage = func() { fmt.Fprintln(errOut, proveUsage); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		return report.ExitUndecided
	}
	name := *book
	if name == "" {
		name, _ = config.LookupIn(env)("SMOKE_RUNBOOK")
	}
	var err error
	if *binDir == "" {
		if *binDir, err = ownFolder(); err != nil {
			fmt.Fprintln(errOut, "smokegate prove:", err)
			return report.ExitUndecided
		}
	}
	p, err := productFor(ctx, name, *binDir)
	if err != nil {
		fmt.Fprintln(errOut, "smokegate prove:", err)
		return report.ExitUndecided
	}
	name = p.Runbook
	faults, err := pick(p.Faults(), *only)
	if err != nil {
		fmt.Fprintln(errOut, "smokegate prove:", err)
		return report.ExitUndecided
	}
	dir, err := proveDir(env, name)
	if err != nil {
		fmt.Fprintln(errOut, "smokegate prove:", err)
		return report.ExitUndecided
	}
	pr := prover{bin: *binDir, runbook: name, start: p.Start, env: proveEnv(env), dir: dir, out: out}
	rows := pr.run(ctx, faults)
	fmt.Fprintln(out)
	faultmatrix.Print(out, rows)
	code := faultmatrix.Code(rows)
	fmt.Fprintln(out, proveLine(code, rows, pr.dir))
	return code
}

// pick returns the fault named only, or all of them when only is empty.
func pick(all []faultmatrix.Fault, only string) ([]faultmatrix.Fault, error) {
	if only == "" {
		return all, nil
	}
	i := slices.IndexFunc(all, func(f faultmatrix.Fault) bool { return f.Name == only })
	if i < 0 {
		names := make([]string, len(all))
		for j, f := range all {
			names[j] = f.Name
		}
		return nil, fmt.Errorf("-fault %q: no such fault in this runbook's sandbox; known: %s", only, strings.Join(names, ", "))
	}
	return all[i : i+1], nil
}

// proveDir makes <report dir>/prove/<runbook>, each folder marked as the
// gate's own like every report folder, and returns it.
func proveDir(env []string, runbook string) (string, error) {
	base, _ := config.LookupIn(env)("SMOKE_REPORT_DIR")
	dir := cmp.Or(base, "reports")
	for _, d := range []string{"prove", runbook} {
		if err := report.PrepareDir(dir, ".", false); err != nil {
			return "", err
		}
		dir = filepath.Join(dir, d)
	}
	return dir, report.PrepareDir(dir, ".", false)
}

// proveEnv is the environment of the runs: the sandbox, whatever .env
// says, every check run (not only the read-only ones, no fail-fast), and
// no CI step summary to write to.
func proveEnv(env []string) []string {
	return config.SetEnv(env, map[string]string{
		"SMOKE_TARGET": "sandbox", "SMOKE_READ_ONLY": "", "SMOKE_FAIL_FAST": "", "SMOKE_ENV": "",
		"SMOKE_OPTIONAL": "", "GITHUB_STEP_SUMMARY": "", "SMOKE_RUNBOOK": "",
	})
}

// proveLine is the closing line: what the rows add up to.
func proveLine(code int, rows []faultmatrix.Row, dir string) string {
	count := map[faultmatrix.Outcome]int{}
	for _, r := range rows {
		count[r.Outcome]++
	}
	switch code {
	case report.ExitPass:
		return fmt.Sprintf("PROVE PASS: %d/%d faults caught by their checks, nothing else failed", count[faultmatrix.Caught], len(rows))
	case report.ExitFail:
		return fmt.Sprintf("PROVE FAIL: %d missed, %d failed another check (reports: %s); fix the check, or the fault's entry in the sandbox's matrix", count[faultmatrix.Missed], count[faultmatrix.Collision], dir)
	}
	return fmt.Sprintf("PROVE ERROR: %d runs could not decide (reports: %s)", count[faultmatrix.Undecided], dir)
}

// prover runs the gate once per fault.
type prover struct {
	bin, runbook, dir string
	start             runner.StartSandbox
	env               []string
	out               io.Writer
}

// run proves faults, after a run with none: a runbook that fails on its
// healthy sandbox proves nothing, so that ends it.
func (p prover) run(ctx context.Context, faults []faultmatrix.Fault) []faultmatrix.Row {
	fmt.Fprintf(p.out, "smokegate prove: %s runbook, %d faults, one gate run each against its sandbox\n", p.runbook, len(faults))
	if res := p.gate(ctx, ""); res.Verdict.Code != report.ExitPass {
		return []faultmatrix.Row{{Fault: faultmatrix.Fault{Name: "(none)", Check: "-"}, Outcome: faultmatrix.Undecided,
			Why: "the runbook does not pass on its sandbox with no fault: " + report.FirstLine(res.Verdict.Line)}}
	}
	rows := make([]faultmatrix.Row, 0, len(faults))
	for _, f := range faults {
		if ctx.Err() != nil {
			rows = append(rows, faultmatrix.Row{Fault: f, Outcome: faultmatrix.Undecided, Why: "interrupted"})
			continue
		}
		res := p.gate(ctx, f.Name)
		row := faultmatrix.Judge(f, res.Verdict, res.Suites)
		fmt.Fprintf(p.out, "  %-28s %s\n", f.Name, row.Outcome)
		rows = append(rows, row)
	}
	return rows
}

// gate runs the gate with fault switched on ("" for none), its report in
// a folder of its own under p.dir.
func (p prover) gate(ctx context.Context, fault string) runner.Result {
	dir := filepath.Join(p.dir, "no-fault")
	if fault != "" {
		dir = filepath.Join(p.dir, fault)
	}
	os.RemoveAll(dir)
	return runner.Run(ctx, runner.Options{
		BinDir: p.bin, Root: ".", Runbook: p.runbook, RunDir: dir, Start: p.start,
		Env: config.SetEnv(p.env, map[string]string{"SANDBOX_FAULTS": fault}),
	})
}
