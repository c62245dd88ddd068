package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/mongo"
)

// sweepTimeout bounds a whole sweep.
const sweepTimeout = 5 * time.Minute

// sweep is smokegate sweep: it removes the test accounts older than
// -older-than (users matching SMOKE_TEST_ACCOUNT_PATTERN, with what they
// own) from SMOKE_MONGODB_URI / SMOKE_MONGODB_DB, as after a run that
// crashed or was killed before its cleanup, and prints the counts per
// collection. It returns the exit code: 0 done, 2 it could not sweep.
func sweep(args []string, src config.Source, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("smokegate sweep", flag.ContinueOnError)
	fs.SetOutput(stderr)
	olderThan := fs.Duration("older-than", time.Hour, "remove test accounts created longer ago than this")
	dryRun := fs.Bool("dry-run", false, "print what would be removed, remove nothing")
	runID := fs.String("run", "", "remove what this run left (its id is in the gate's first line and the report folder), whatever its age; -older-than is then not used")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := sweepAccounts(src, &sweepScope{olderThan: *olderThan, runID: *runID}, *dryRun, stdout); err != nil {
		fmt.Fprintln(stderr, "smokegate sweep:", err)
		return 2
	}
	return 0
}

// minSweepAge keeps sweep away from the accounts of a run still going: a
// gate run is over in minutes.
const minSweepAge = 10 * time.Minute

// sweepScope is what a sweep removes: one run's data when runID is set,
// else what is older than olderThan.
type sweepScope struct {
	olderThan time.Duration
	runID     string
	cutoff    time.Time // set by find: what is older is in scope
}

func sweepAccounts(src config.Source, scope *sweepScope, dryRun bool, out io.Writer) error {
	if scope.runID == "" && scope.olderThan < minSweepAge {
		return fmt.Errorf("-older-than is %s; give at least %s (such as 1h), so a gate run still going keeps its accounts, or name a finished run with -run <id>", scope.olderThan, minSweepAge)
	}
	cfg, err := config.Load(src)
	if err != nil {
		return err
	}
	if cfg.MongoURI.Value() == "" {
		return errors.New("SMOKE_MONGODB_URI is not set: set it to the connection string of the database to sweep")
	}
	// The pattern has a default for the tests; a sweep of production data
	// must be told which accounts are the suite's.
	if given, err := config.Given(src, "SMOKE_TEST_ACCOUNT_PATTERN"); err != nil || !given {
		return errors.Join(err, errors.New("SMOKE_TEST_ACCOUNT_PATTERN is not set: set it to the pattern the gate's runs used (e.g. ^smoke\\+[a-z0-9-]+@smokegate\\.test$); sweep removes only accounts it matches"))
	}
	ctx, cancel := context.WithTimeout(context.Background(), sweepTimeout)
	defer cancel()
	db, err := mongo.Connect(ctx, cfg.MongoURI.Value(), cfg.MongoDB, cfg.AccountPattern)
	if err != nil {
		return err
	}
	defer db.Close(context.Background())
	emails, events, what, err := scope.find(ctx, db)
	if err != nil {
		return err
	}
	paid, stripeErr := scope.checkoutEvents(ctx, cfg)
	events = append(events, paid...)
	verb := "removed"
	if dryRun {
		verb = "would remove (dry run: nothing removed)"
	}
	fmt.Fprintf(out, "smokegate sweep: %d test accounts matching %s %s in %s; %s:\n",
		len(emails), cfg.AccountPattern, what, cfg.MongoDB, verb)
	total := map[string]int64{mongo.WebhookEvents: int64(len(events))}
	for _, email := range emails {
		counts, err := owned(ctx, db, email, dryRun)
		for coll, n := range counts {
			total[coll] += n
		}
		if err != nil {
			printCounts(out, total)
			return err
		}
	}
	if !dryRun {
		n, err := db.DeleteWebhookEvents(ctx, events)
		total[mongo.WebhookEvents] = n
		if err != nil {
			printCounts(out, total)
			return err
		}
	}
	printCounts(out, total)
	return stripeErr
}

// find lists the accounts and the suite's own webhook events in scope, and
// says which they are.
func (sc *sweepScope) find(ctx context.Context, db *mongo.DB) (emails, events []string, what string, err error) {
	sc.cutoff = time.Now()
	if sc.runID != "" {
		emails, err = db.RunAccounts(ctx, sc.runID)
		what = "of run " + sc.runID
	} else {
		sc.cutoff = sc.cutoff.Add(-sc.olderThan)
		emails, err = db.StaleAccounts(ctx, sc.cutoff)
		what = "created before " + sc.cutoff.UTC().Format(time.RFC3339)
	}
	if err == nil {
		events, err = db.OwnEvents(ctx, sc.runID, sc.cutoff)
	}
	return emails, events, what, err
}

func owned(ctx context.Context, db *mongo.DB, email string, dryRun bool) (map[string]int64, error) {
	if dryRun {
		return db.Owned(ctx, email)
	}
	return db.RemoveAccount(ctx, email)
}

func printCounts(out io.Writer, total map[string]int64) {
	for _, coll := range append(mongo.AccountCollections(), mongo.WebhookEvents) {
		fmt.Fprintf(out, "  %-20s %d\n", coll, total[coll])
	}
}
