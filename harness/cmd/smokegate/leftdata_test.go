package main

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"github.com/smokegate/smokegate/fixtures/promptlens"
	"github.com/smokegate/smokegate/harness/proc"
	"github.com/smokegate/smokegate/harness/report"
)

// outsider is an ordinary account with data of its own, which no run may
// touch.
const outsider = "ceo@promptlens.app"

// After a passing run, a failing run, SIGTERM mid-run, and kill -9 of the
// whole run mid-run followed by smokegate sweep -run <id>, every
// collection of the target's MongoDB holds as many documents as before,
// and the ordinary account's data is as it was. The gates run in remote
// mode against one in-process sandbox that outlives them; its database is
// counted before and after each case (the counts are logged).
func TestNoDataLeftBehind(t *testing.T) {
	bin := gateToKill(t)
	st, env := lastingSandbox(t)
	db := connect(t, st.DB.URI)
	seedOutsider(t, db)
	want := snapshot(t, db)
	// billingInFlight holds once the billing test's webhook events are in
	// the database: the moment to crash the run.
	billingInFlight := func() bool { return counts(t, db)["webhookEvents"] > want.events }
	tests := []struct {
		name     string
		fault    string            // switched on for this run only
		env      map[string]string // set for this run only
		stopMid  bool              // SIGTERM the gate once a check has a page open (pageOpenIn)
		killWhen func() bool       // SIGKILL the gate and all under it once this holds
		sweep    bool              // run smokegate sweep -run <id> after the run
		wantCode int               // -1: any
		wantOut  []string          // in the gate's output
	}{
		{name: "passing run", wantCode: report.ExitPass},
		{name: "failing run", fault: "history-500", wantCode: report.ExitFail},
		{name: "SIGTERM mid-run", stopMid: true, wantCode: report.ExitUndecided},
		{name: "kill -9 mid-run with billing in flight, then sweep", killWhen: billingInFlight, sweep: true, wantCode: -1},
		{name: "the gate's database unreachable, then sweep", env: map[string]string{"SMOKE_MONGODB_URI": "mongodb://127.0.0.1:9/"},
			sweep: true, wantCode: report.ExitUndecided, wantOut: []string{"left behind", "signup: user smoke+", "bin/smokegate sweep -runbook promptlens -run "}},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.fault != "" {
				if err := st.Faults.Enable(tc.fault); err != nil {
					t.Fatal(err)
				}
				defer st.Faults.Disable(tc.fault)
			}
			runID := fmt.Sprintf("left%d%d", i, time.Now().Unix()%100000)
			runEnv := withRunID(env, runID)
			maps.Copy(runEnv, tc.env)
			before := counts(t, db)
			stop := stopFor(tc.stopMid, tc.killWhen)
			code, out, fired := runStoppedWhen(t, filepath.Join(bin, "smokegate"), runEnv, stop)
			if stop != nil && !fired {
				t.Errorf("the run ended before it could be stopped (exit %d): the case proves nothing\n%s", code, out)
			}
			if tc.sweep {
				t.Logf("after the run: %s", format(counts(t, db)))
				out += sweepRun(t, bin, env, runID)
			}
			for _, w := range tc.wantOut {
				if !strings.Contains(out, w) {
					t.Errorf("the output does not say %q:\n%s", w, out)
				}
			}
			after := counts(t, db)
			t.Logf("exit %d; counts before: %s; after: %s\n%s", code, format(before), format(after), lastLines(out, 12))
			if tc.wantCode >= 0 && code != tc.wantCode {
				t.Errorf("exit %d, want %d:\n%s", code, tc.wantCode, out)
			}
			if !maps.Equal(before, after) {
				t.Errorf("the run left documents behind: before %s, after %s\n%s", format(before), format(after), out)
			}
			if got := snapshot(t, db); got != want {
				t.Errorf("the ordinary account %s changed:\nbefore %s\nafter  %s", outsider, want.doc, got.doc)
			}
		})
	}
}

// gateToKill skips under -short and off Linux, makes the test a child
// subreaper (the orphans of a run it kills become its own to reap) and
// returns the folder of the built gate.
func gateToKill(t *testing.T) string {
	t.Helper()
	if testing.Short() || runtime.GOOS != "linux" {
		t.Skip("builds the gate and runs it with Chromium and a sandbox; Linux only")
	}
	if err := proc.BecomeSubreaper(); err != nil {
		t.Fatal(err)
	}
	return buildGate(t)
}

// lastingSandbox starts a sandbox for the whole test and returns it with a
// remote configuration pointing at it.
func lastingSandbox(t *testing.T) (*promptlens.Stack, map[string]string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	st, err := promptlens.Start(ctx, promptlens.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	env := st.Env()
	env["SMOKE_TARGET"] = "remote"
	return st, env
}

func withRunID(env map[string]string, runID string) map[string]string {
	env = maps.Clone(env)
	env["SMOKE_RUN_ID"] = runID
	return env
}

// stopWhen is how a run is cut short: sig goes to the gate (with tree,
// to the gate and every process under it, as a crash would) once cond
// holds.
type stopWhen struct {
	sig  syscall.Signal
	tree bool
	cond func(tmp string) bool // tmp: the run's TMPDIR
}

// runStoppedWhen runs the gate in a folder of its own, stopping it as stop
// says (nil: let it end); fired reports whether stop's condition held
// before the gate ended.
func runStoppedWhen(t *testing.T, path string, env map[string]string, stop *stopWhen) (code int, out string, fired bool) {
	t.Helper()
	cmd := exec.Command(path)
	cmd.Dir = t.TempDir()
	tmp := shortTempDir(t)
	cmd.Env = gateEnv(tmp, env)
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ended, signalled := make(chan struct{}), make(chan bool, 1)
	if stop != nil {
		go func() { signalled <- signalWhen(cmd.Process.Pid, tmp, stop, ended) }()
	}
	_ = cmd.Wait()
	close(ended)
	if stop != nil {
		fired = <-signalled
	}
	proc.ReapOrphans(proc.Reap{Grace: time.Second, Term: true})
	return cmd.ProcessState.ExitCode(), buf.String(), fired
}

// signalWhen polls stop.cond until it holds or ended closes, then sends
// stop.sig; it reports whether it sent it.
func signalWhen(pid int, tmp string, stop *stopWhen, ended <-chan struct{}) bool {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ended:
			return false
		case <-tick.C:
		}
		if !stop.cond(tmp) {
			continue
		}
		pids := []int{pid}
		if stop.tree {
			ps := proc.Parents{}
			ps.Refresh()
			pids = append(proc.Descendants(ps, pid, nil), pid)
		}
		for _, p := range pids {
			_ = syscall.Kill(p, stop.sig)
		}
		return true
	}
}

// stopFor is SIGTERM to the gate once a check has a page open (mid-run,
// whatever the machine's speed), or SIGKILL to the gate and everything
// under it once killWhen holds; nil for neither.
func stopFor(mid bool, killWhen func() bool) *stopWhen {
	switch {
	case mid:
		return &stopWhen{sig: syscall.SIGTERM, cond: pageOpenIn}
	case killWhen != nil:
		return &stopWhen{sig: syscall.SIGKILL, tree: true, cond: func(string) bool { return killWhen() }}
	}
	return nil
}

// sweepRun runs smokegate sweep -run as the README says to after a crash,
// and returns its output.
func sweepRun(t *testing.T, bin string, env map[string]string, runID string) string {
	t.Helper()
	env = maps.Clone(env)
	env["SMOKE_TEST_ACCOUNT_PATTERN"] = `^smoke\+[a-z0-9-]+@smokegate\.test$`
	code, out := runBinary(t, filepath.Join(bin, "smokegate"), t.TempDir(), env, "sweep", "-run", runID)
	t.Logf("smokegate sweep -run %s: exit %d\n%s", runID, code, out)
	if code != 0 {
		t.Errorf("sweep exit %d, want 0", code)
	}
	return out
}

func connect(t *testing.T, uri string) *mongo.Database {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	client, err := mongo.Connect(ctx, options.Client().ApplyURI(uri))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Disconnect(context.Background()) })
	return client.Database("promptlens")
}

// seedOutsider gives the ordinary account a user record, prompts, a reset
// token and a webhook event of its own.
func seedOutsider(t *testing.T, db *mongo.Database) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := db.Collection("users").InsertOne(ctx, bson.M{"email": outsider, "name": "CEO", "plan": "pro", "usageCount": 7,
		"createdAt": time.Now().Add(-400 * 24 * time.Hour).UTC().Truncate(time.Millisecond)})
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string][]any{
		"prompts":             {bson.M{"userId": res.InsertedID, "originalPrompt": "q1"}, bson.M{"userId": res.InsertedID, "originalPrompt": "q2"}},
		"passwordResetTokens": {bson.M{"userId": res.InsertedID, "tokenHash": "outsider-hash"}},
		"webhookEvents":       {bson.M{"eventId": "evt_customer_outsider", "type": "invoice.paid", "createdAt": time.Now().UTC()}},
	}
	for coll, d := range docs {
		if _, err := db.Collection(coll).InsertMany(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
}

// counts is the number of documents in every collection of db.
func counts(t *testing.T, db *mongo.Database) map[string]int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	names, err := db.ListCollectionNames(ctx, bson.M{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, n := range names {
		if out[n], err = db.Collection(n).CountDocuments(ctx, bson.M{}); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func format(c map[string]int64) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(c)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, c[k]))
	}
	return strings.Join(parts, ", ")
}

// outsiderState is the ordinary account's data, and how many webhook events the
// database held when it was taken.
type outsiderState struct {
	doc    string
	events int64
}

// snapshot renders the ordinary account's user record and what it owns.
func snapshot(t *testing.T, db *mongo.Database) outsiderState {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var user bson.M
	if err := db.Collection("users").FindOne(ctx, bson.M{"email": outsider}).Decode(&user); err != nil {
		return outsiderState{doc: "no user record: " + err.Error()}
	}
	s := fmt.Sprint(user)
	for _, coll := range []string{"prompts", "passwordResetTokens"} {
		var docs []bson.M
		cur, err := db.Collection(coll).Find(ctx, bson.M{"userId": user["_id"]}, options.Find().SetSort(bson.M{"_id": 1}))
		if err == nil {
			err = cur.All(ctx, &docs)
		}
		if err != nil {
			t.Fatal(err)
		}
		s += fmt.Sprintf("; %s %v", coll, docs)
	}
	n, err := db.Collection("webhookEvents").CountDocuments(ctx, bson.M{"eventId": "evt_customer_outsider"})
	if err != nil {
		t.Fatal(err)
	}
	all, err := db.Collection("webhookEvents").CountDocuments(ctx, bson.M{})
	if err != nil {
		t.Fatal(err)
	}
	return outsiderState{doc: s + fmt.Sprintf("; its webhook event %d", n), events: all}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
