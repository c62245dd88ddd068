// Package model is PromptLens's MongoDB as the suite sees it: the users,
// their prompts and reset tokens, and the webhook events the product
// handled, behind a guard: the suite writes only to the documents of its
// own test accounts (emails matching the test account pattern) and
// removes only webhook events it can show to be its own. Reads are free;
// every write names the account it touches. It knows nothing of the
// harness's tests, so the sweeper links only it.
package model
