// Package store is PromptLens's MongoDB as its smoke tests see it: the
// users, their prompts and reset tokens, and the webhook events the
// product handled, with a guard: the suite writes only to the documents of
// its own test accounts (emails matching the test account pattern) and
// removes only webhook events it can show to be its own. Reads are free;
// every write names the account it touches.
//
// It also holds what the tests do with it through the harness: make a
// test account and mint its token, read and await a user, and remove what
// a test made when it ends.
package store
