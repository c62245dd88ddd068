package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"github.com/smokegate/smokegate/fixtures/promptlens/mongodb"
	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/sweep"
)

const testPattern = `^smoke\+[a-z0-9-]+@smokegate\.test$`

// account is a seeded user with its prompts.
type account struct {
	email   string
	age     time.Duration
	prompts int
}

var seeded = []account{
	{"smoke+old1-history@smokegate.test", 3 * time.Hour, 21},
	{"smoke+old2-quota@smokegate.test", 2 * time.Hour, 2},
	{"smoke+fresh-quota@smokegate.test", time.Minute, 3},
	{"ceo@promptlens.app", 400 * 24 * time.Hour, 5},
	{premade, 5 * time.Hour, 1},
}

// premade is the pre-made account of redirect signup mode: a test
// account by its email, which no sweep may remove.
const premade = "smoke+premade@smokegate.test"

// sweep against the embedded FerretDB: a dry run changes nothing, a sweep
// removes the two old test accounts and their prompts and nothing else:
// not the ordinary account, not the pre-made one (SMOKE_TEST_EMAIL).
func TestSweep(t *testing.T) {
	db := startDB(t)
	seed(t, db)
	env := map[string]string{"SMOKE_MONGODB_URI": db.URI, "SMOKE_MONGODB_DB": "sweeptest", "SMOKE_TEST_ACCOUNT_PATTERN": testPattern, "SMOKE_TEST_EMAIL": premade}
	tests := []struct {
		name      string
		args      []string
		env       map[string]string
		wantCode  int
		wantOut   string // in stdout (or stderr for a refusal)
		wantLeft  []string
		wantTotal [2]int64 // users, prompts left
	}{
		{"no URI", nil, without(env, "SMOKE_MONGODB_URI"), 2, "SMOKE_MONGODB_URI is not set", emails(seeded), [2]int64{5, 32}},
		{"no pattern", nil, without(env, "SMOKE_TEST_ACCOUNT_PATTERN"), 2, "SMOKE_TEST_ACCOUNT_PATTERN is not set", emails(seeded), [2]int64{5, 32}},
		{"bad age", []string{"-older-than", "-1h"}, env, 2, "-older-than is -1h0m0s", emails(seeded), [2]int64{5, 32}},
		{"an age that reaches a run still going", []string{"-older-than", "1m"}, env, 2, "give at least 10m0s", emails(seeded), [2]int64{5, 32}},
		{"dry run", []string{"-dry-run"}, env, 0, "prompts              23\n  passwordResetTokens  0\n  users                2", emails(seeded), [2]int64{5, 32}},
		{"sweep", nil, env, 0, "2 test accounts", []string{"smoke+fresh-quota@smokegate.test", "ceo@promptlens.app", premade}, [2]int64{3, 9}},
		{"again: nothing left to sweep", nil, env, 0, "0 test accounts", []string{"smoke+fresh-quota@smokegate.test", "ceo@promptlens.app", premade}, [2]int64{3, 9}},
		{"one finished run, whatever its age", []string{"-run", "fresh"}, env, 0, "1 test accounts matching " + testPattern + " of run fresh", []string{"ceo@promptlens.app", premade}, [2]int64{2, 6}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := sweep.Run("promptlens", tc.args, config.Source{Dir: t.TempDir(), Lookup: config.LookupOnly(tc.env)}, &stdout, &stderr, sweepAccounts, "SMOKE_TEST_EMAIL")
			out := stdout.String() + stderr.String()
			t.Logf("exit %d:\n%s", code, out)
			if code != tc.wantCode || !strings.Contains(out, tc.wantOut) {
				t.Errorf("exit %d, want %d and output holding %q", code, tc.wantCode, tc.wantOut)
			}
			if strings.Contains(out, db.URI) {
				t.Errorf("the output holds the MongoDB URI")
			}
			users, prompts := count(t, db, "users"), count(t, db, "prompts")
			t.Logf("left: %d users, %d prompts", users, prompts)
			if [2]int64{users, prompts} != tc.wantTotal {
				t.Errorf("left %d users, %d prompts; want %v", users, prompts, tc.wantTotal)
			}
			for _, a := range seeded {
				if n := count(t, db, "users", bson.M{"email": a.email}); (n == 1) != contains(tc.wantLeft, a.email) {
					t.Errorf("%s: %d users left, want it kept: %v", a.email, n, contains(tc.wantLeft, a.email))
				}
			}
		})
	}
}

func startDB(t *testing.T) *mongodb.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := mongodb.Start(ctx, "", "sweeptest")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return db
}

func seed(t *testing.T, db *mongodb.DB) {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	for _, a := range seeded {
		res, err := db.DB.Collection("users").InsertOne(ctx, bson.M{"email": a.email, "plan": "free", "usageCount": 0, "createdAt": now.Add(-a.age)})
		if err != nil {
			t.Fatal(err)
		}
		for i := range a.prompts {
			p := bson.M{"userId": res.InsertedID, "originalPrompt": "p", "status": "optimized", "createdAt": now.Add(-a.age + time.Duration(i)*time.Second)}
			if _, err := db.DB.Collection("prompts").InsertOne(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func count(t *testing.T, db *mongodb.DB, coll string, filter ...bson.M) int64 {
	t.Helper()
	f := bson.M{}
	if len(filter) > 0 {
		f = filter[0]
	}
	n, err := db.DB.Collection(coll).CountDocuments(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func without(env map[string]string, key string) map[string]string {
	out := map[string]string{}
	for k, v := range env {
		if k != key {
			out[k] = v
		}
	}
	return out
}

func emails(as []account) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.email)
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
