// Command sweep is the manuscript platform's sweeper, run as smokegate
// sweep -runbook manuscript: it removes the test accounts that crashed or
// killed runs left in the D1 database (SMOKE_CF_*, SMOKE_D1_DATABASE_ID;
// users matching SMOKE_TEST_ACCOUNT_PATTERN, with their verification
// tokens, subscriptions and manuscripts) and the Worker's records of the
// Stripe events the suite built (stripe_events), and prints the counts per
// table.
//
//	sweep [-older-than 1h | -run <id>] [-dry-run]
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/sweep"
	"github.com/smokegate/smokegate/smoke/manuscript/internal/model"
)

func main() {
	os.Exit(sweep.Run("manuscript", os.Args[1:], config.Source{Dir: "."}, os.Stdout, os.Stderr, sweepAccounts, "SMOKE_TEST_EMAIL"))
}

// sweepAccounts removes (or counts, dryRun) the test accounts in scope
// with their rows, children first, then the suite's events the Worker
// recorded. The events table is not the contract's: a failure there is a
// line of the report, not a failed sweep.
func sweepAccounts(ctx context.Context, cfg *config.Config, scope sweep.Scope, dryRun bool, out io.Writer) error {
	db, err := model.FromConfig(cfg)
	if err != nil {
		return err
	}
	emails, err := db.TestAccounts(ctx, scope)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "smokegate sweep: %d test accounts matching %s %s in D1 database %s; %s:\n",
		len(emails), cfg.AccountPattern, scope, cfg.Get("SMOKE_D1_DATABASE_ID"), sweep.Verb(dryRun))
	total := map[string]int64{}
	defer printCounts(out, total)
	for _, email := range emails {
		counts, err := db.Owned(ctx, email)
		for table, n := range counts {
			total[table] += n
		}
		if err == nil && !dryRun {
			err = db.DeleteAccount(ctx, email)
		}
		if err != nil {
			return err
		}
	}
	n, err := sweepEvents(ctx, db, scope, dryRun)
	total[model.EventsTable] = int64(n)
	if err != nil {
		fmt.Fprintf(out, "  warning: the accounts are swept, but not the suite's events in %s: %v\n", model.EventsTable, err)
	}
	return nil
}

// sweepEvents removes (or counts) the suite's events in scope and says
// how many.
func sweepEvents(ctx context.Context, db *model.DB, scope sweep.Scope, dryRun bool) (int, error) {
	events, err := db.OwnEvents(ctx, scope.RunID, scope.Cutoff)
	if err != nil || dryRun {
		return len(events), err
	}
	return db.DeleteEvents(ctx, events)
}

func printCounts(out io.Writer, total map[string]int64) {
	for _, table := range append(slices.Clone(model.AccountTables), model.EventsTable) {
		fmt.Fprintf(out, "  %-20s %d\n", table, total[table])
	}
}
