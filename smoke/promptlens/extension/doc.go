// Package extension is runbook smoke test 3: the Chrome extension adds
// Optimize and Save on a chat page, optimizes within 3 seconds, saves, and
// the user's usage goes up by exactly one.
//
// Chromium loads the extension under test (SMOKE_EXTENSION_PATH); the test
// user connects it through the dashboard's connect page as a user does.
// The chat page is the sandbox's replica under the real host name, or
// SMOKE_CHAT_URL.
package extension
