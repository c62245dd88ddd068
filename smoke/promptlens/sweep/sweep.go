package main

import (
	"context"
	"fmt"
	"io"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/mongo"
	"github.com/smokegate/smokegate/harness/sweep"
	"github.com/smokegate/smokegate/smoke/promptlens/internal/model"
)

// sweepAccounts removes the test accounts in scope with what they own, and
// the suite's webhook events: those it built itself (found by their id)
// and those Stripe sent about its checkouts (found through Stripe).
func sweepAccounts(ctx context.Context, cfg *config.Config, scope sweep.Scope, dryRun bool, out io.Writer) error {
	if err := cfg.Require("SMOKE_MONGODB_URI"); err != nil {
		return err
	}
	conn, err := mongo.Connect(ctx, cfg.Secret("SMOKE_MONGODB_URI").Value(), cfg.Get("SMOKE_MONGODB_DB"))
	if err != nil {
		return fmt.Errorf("%w (SMOKE_MONGODB_URI, SMOKE_MONGODB_DB)", err)
	}
	defer conn.Close(context.Background())
	db, err := model.New(conn.DB, cfg.AccountPattern)
	if err != nil {
		return err
	}
	emails, events, err := find(ctx, db, scope)
	if err != nil {
		return err
	}
	paid, stripeErr := checkoutEvents(ctx, cfg, scope)
	events = append(events, paid...)
	fmt.Fprintf(out, "smokegate sweep: %d test accounts matching %s %s in %s; %s:\n",
		len(emails), cfg.AccountPattern, scope, cfg.Get("SMOKE_MONGODB_DB"), sweep.Verb(dryRun))
	total := map[string]int64{model.WebhookEvents: int64(len(events))}
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
		total[model.WebhookEvents] = n
		if err != nil {
			printCounts(out, total)
			return err
		}
	}
	printCounts(out, total)
	return stripeErr
}

// find lists the accounts and the suite's own webhook events in scope.
func find(ctx context.Context, db *model.DB, scope sweep.Scope) (emails, events []string, err error) {
	if scope.RunID != "" {
		emails, err = db.RunAccounts(ctx, scope.RunID)
	} else {
		emails, err = db.StaleAccounts(ctx, scope.Cutoff)
	}
	emails = scope.Filter(emails)
	if err == nil {
		events, err = db.OwnEvents(ctx, scope.RunID, scope.Cutoff)
	}
	return emails, events, err
}

func owned(ctx context.Context, db *model.DB, email string, dryRun bool) (map[string]int64, error) {
	if dryRun {
		return db.Owned(ctx, email)
	}
	return db.RemoveAccount(ctx, email)
}

func printCounts(out io.Writer, total map[string]int64) {
	for _, coll := range append(model.AccountCollections(), model.WebhookEvents) {
		fmt.Fprintf(out, "  %-20s %d\n", coll, total[coll])
	}
}
