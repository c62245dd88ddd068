// Command sweep is PromptLens's sweeper, run as smokegate sweep (the
// default runbook): it removes the test accounts that crashed or killed
// runs left in SMOKE_MONGODB_URI / SMOKE_MONGODB_DB (users matching
// SMOKE_TEST_ACCOUNT_PATTERN, with their prompts and reset tokens) and
// the suite's webhook events, and prints the counts per collection.
//
//	sweep [-older-than 1h | -run <id>] [-dry-run]
package main

import (
	"os"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/sweep"
)

func main() {
	os.Exit(sweep.Run("promptlens", os.Args[1:], config.Source{Dir: "."}, os.Stdout, os.Stderr, sweepAccounts, "SMOKE_TEST_EMAIL"))
}
