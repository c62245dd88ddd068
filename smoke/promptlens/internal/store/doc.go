// Package store is what PromptLens's checks do with its database through
// the harness: connect once per test binary, make a test account and mint
// its token, read and await a user, and remove what a test made when it
// ends. The documents and the guard are package model.
package store
